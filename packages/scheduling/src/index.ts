export { scheduling, type SchedulingControl, type SchedulingPluginOptions } from './scheduling-plugin.ts';
export {
  APPOINTMENT_EVENT_TYPES,
  type AppointmentEvent,
  type AppointmentEventListener,
  type AppointmentEventType,
} from './appointment-events.ts';
export type { AppointmentDto } from './appointments/appointment-dto.ts';
export { ALLOWED_TRANSITIONS } from './appointments/appointment-transitions.ts';
export type { BufferProvider, BufferQuery } from './availability/buffer-providers.ts';
export { STAFF_LIMITED_ROLES, staffUserLimitGuard } from './tier-limits.ts';
export { seedDemoSchedule, type DemoScheduleTarget } from './seed/demo-schedule-seed.ts';
export * from './scheduling-errors.ts';
export { dayBounds, formatInZone, localPartsOf, minutesOfClock } from './tenant-time.ts';

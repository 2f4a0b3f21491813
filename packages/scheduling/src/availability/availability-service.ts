/**
 * GET /api/availability: the free start times of one service on one local day of the tenant, over all the
 * resources that deliver it (or one). A fixed number of queries per request — the service with its resources,
 * then the day's shifts, blockers and open appointments at once — and the rest is slot-calculator arithmetic.
 */
import type { SchedulingContext } from '../scheduling-context.ts';
import { fieldError, ResourceCannotDeliverError, ResourceInactiveError, ServiceInactiveError } from '../scheduling-errors.ts';
import { dayBounds, dayOfWeekOf } from '../tenant-time.ts';
import type { BufferProviders } from './buffer-providers.ts';
import { createScheduleRepository } from './schedule-repository.ts';
import { freeSlots, type Interval, type Slot } from './slot-calculator.ts';

const MINUTE_MS = 60_000;

export interface AvailabilityQuery {
  serviceId: string;
  date: string;
  resourceId?: string;
}

export interface Availability {
  durationMinutes: number;
  bufferMinutes: number;
  slots: Slot[];
}

export function createAvailabilityService(options: { buffers: BufferProviders; stepMinutes: number }) {
  return {
    async forDay(ctx: SchedulingContext, query: AvailabilityQuery): Promise<Availability> {
      const schedule = createScheduleRepository(ctx.db);
      const service = await schedule.serviceWithResources(query.serviceId);
      if (!service) throw fieldError('querystring', 'serviceId', 'names no service of this tenant');
      if (!service.isActive) throw new ServiceInactiveError();
      let resources = service.resources.map((link) => link.resource);
      if (query.resourceId !== undefined) {
        const chosen = resources.find((resource) => resource.id === query.resourceId);
        if (!chosen) {
          // Only on this error path: tell an unknown id (400) from one that does not deliver the service (409).
          if (!(await schedule.resourceExists(query.resourceId))) throw fieldError('querystring', 'resourceId', 'names no resource of this tenant');
          throw new ResourceCannotDeliverError();
        }
        if (!chosen.isActive) throw new ResourceInactiveError();
        resources = [chosen];
      }
      resources = resources.filter((resource) => resource.isActive);

      const bufferMinutes = await options.buffers.totalFor({ tenant: ctx.tenant, db: ctx.db, service });
      const day = dayBounds(query.date, ctx.tenant.timezone);
      // Anything busy from the day's start until the last possible appointment's buffer has ended.
      const horizon = new Date(day.end.getTime() + (service.durationMinutes + bufferMinutes) * MINUTE_MS);
      const ids = resources.map((resource) => resource.id);
      const [shifts, blockers, appointments] = ids.length === 0
        ? [[], [], []]
        : await Promise.all([
          schedule.shiftsForDay(dayOfWeekOf(query.date)),
          schedule.blockersOverlapping(ids, day.start, horizon),
          schedule.openAppointmentsOverlapping(ids, day.start, horizon),
        ]);

      const busy = new Map<string, Interval[]>(ids.map((id) => [id, []]));
      for (const blocker of blockers) busy.get(blocker.resourceId)!.push({ start: blocker.startsAt.getTime(), end: blocker.endsAt.getTime() });
      for (const appointment of appointments) {
        busy.get(appointment.resourceId)!.push({ start: appointment.startsAt.getTime(), end: appointment.occupiedUntil.getTime() });
      }
      const slots = freeSlots({
        date: query.date,
        timeZone: ctx.tenant.timezone,
        shifts,
        resources: ids.map((id) => ({ id, busy: busy.get(id)! })),
        durationMinutes: service.durationMinutes,
        bufferMinutes,
        stepMinutes: options.stepMinutes,
        notBefore: ctx.now.getTime(),
      });
      return { durationMinutes: service.durationMinutes, bufferMinutes, slots };
    },
  };
}

export type AvailabilityService = ReturnType<typeof createAvailabilityService>;

/**
 * The appointment lifecycle (SPEC §7): PENDING → CONFIRMED → COMPLETED or NO_SHOW, and any open appointment
 * (PENDING, CONFIRMED) → CANCELLED. Everything else is refused; closed appointments never reopen (reopening
 * could collide with a booking made since, and history should not change).
 */
import type { AppointmentEventType } from '../appointment-events.ts';
import { InvalidStatusTransitionError } from '../scheduling-errors.ts';
import type { AppointmentStatusName } from './appointment-dto.ts';

export const ALLOWED_TRANSITIONS: Readonly<Record<AppointmentStatusName, readonly AppointmentStatusName[]>> = {
  PENDING: ['CONFIRMED', 'CANCELLED'],
  CONFIRMED: ['COMPLETED', 'NO_SHOW', 'CANCELLED'],
  COMPLETED: [],
  CANCELLED: [],
  NO_SHOW: [],
};

export const OPEN_STATUSES: readonly AppointmentStatusName[] = ['PENDING', 'CONFIRMED'];

export function isOpen(status: AppointmentStatusName): boolean {
  return OPEN_STATUSES.includes(status);
}

export function assertTransition(from: AppointmentStatusName, to: AppointmentStatusName): void {
  if (!ALLOWED_TRANSITIONS[from].includes(to)) throw new InvalidStatusTransitionError(from, to);
}

export const EVENT_OF_STATUS: Readonly<Record<Exclude<AppointmentStatusName, 'PENDING'>, AppointmentEventType>> = {
  CONFIRMED: 'confirmed',
  CANCELLED: 'cancelled',
  COMPLETED: 'completed',
  NO_SHOW: 'no_show',
};

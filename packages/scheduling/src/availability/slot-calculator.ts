/**
 * Free start times, as pure arithmetic over instants (no database here): a day's opening shifts turned into
 * instants in the tenant's timezone, then candidate starts every `stepMinutes` from each shift's opening, kept
 * where the appointment fits the shift and the resource is free for the appointment plus its buffer. Working in
 * instants makes DST days right by construction: a shift that spans the change is an hour shorter or longer.
 */
import { minutesOfClock, zonedInstant } from '../tenant-time.ts';

const MINUTE_MS = 60_000;

export interface Shift {
  opensAt: string;
  closesAt: string;
}

/** Half-open [start, end) in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

/** The day's shifts as instants (opening shifts are local "HH:MM" on that date; closing may be 24:00). */
export function shiftWindows(date: string, timeZone: string, shifts: readonly Shift[]): Interval[] {
  return shifts
    .map((shift) => ({
      start: zonedInstant(date, minutesOfClock(shift.opensAt), timeZone).getTime(),
      end: zonedInstant(date, minutesOfClock(shift.closesAt), timeZone).getTime(),
    }))
    .filter((window) => window.end > window.start)
    .sort((a, b) => a.start - b.start);
}

/** Whether [start, end) lies inside one shift window. */
export function fitsWindows(start: number, end: number, windows: readonly Interval[]): boolean {
  return windows.some((window) => window.start <= start && end <= window.end);
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

export interface SlotRequest {
  date: string;
  timeZone: string;
  shifts: readonly Shift[];
  /** Each candidate resource with the intervals it is busy (blockers, open appointments up to their buffer's end). */
  resources: ReadonlyArray<{ id: string; busy: readonly Interval[] }>;
  durationMinutes: number;
  /** Minutes the resource stays busy after the appointment (service buffer plus any extra). */
  bufferMinutes: number;
  stepMinutes: number;
  /** Starts before this instant are not offered (the past). */
  notBefore: number;
}

export interface Slot {
  start: number;
  end: number;
  /** The resources free for this start, in the order given. */
  resourceIds: string[];
}

export function freeSlots(request: SlotRequest): Slot[] {
  const duration = request.durationMinutes * MINUTE_MS;
  const occupied = (request.durationMinutes + request.bufferMinutes) * MINUTE_MS;
  const step = request.stepMinutes * MINUTE_MS;
  const slots = new Map<number, Slot>();
  for (const window of shiftWindows(request.date, request.timeZone, request.shifts)) {
    for (let start = window.start; start + duration <= window.end; start += step) {
      if (start < request.notBefore) continue;
      const need: Interval = { start, end: start + occupied };
      const free = request.resources.filter((resource) => !resource.busy.some((busy) => overlaps(busy, need)));
      if (free.length === 0) continue;
      const slot = slots.get(start) ?? { start, end: start + duration, resourceIds: [] };
      for (const resource of free) if (!slot.resourceIds.includes(resource.id)) slot.resourceIds.push(resource.id);
      slots.set(start, slot);
    }
  }
  return [...slots.values()].sort((a, b) => a.start - b.start);
}

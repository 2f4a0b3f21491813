import { describe, expect, it } from 'vitest';
import { freeSlots, type SlotRequest } from '../src/availability/slot-calculator.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const base: SlotRequest = {
  date: '2026-06-01', timeZone: 'UTC', shifts: [{ opensAt: '09:00', closesAt: '11:00' }],
  resources: [{ id: 'r1', busy: [] }], durationMinutes: 30, bufferMinutes: 0, stepMinutes: 30, notBefore: 0,
};
const starts = (request: SlotRequest) => freeSlots(request).map((slot) => iso(slot.start).slice(11, 16));

describe('free slots', () => {
  it('steps through each shift and keeps only starts whose appointment fits', () => {
    expect(starts(base)).toEqual(['09:00', '09:30', '10:00', '10:30']);
    expect(starts({ ...base, durationMinutes: 45 })).toEqual(['09:00', '09:30', '10:00']);
  });

  it('split shifts: nothing offered over the break', () => {
    expect(starts({ ...base, shifts: [{ opensAt: '09:00', closesAt: '10:00' }, { opensAt: '13:00', closesAt: '14:00' }] }))
      .toEqual(['09:00', '09:30', '13:00', '13:30']);
  });

  it('busy intervals and the buffer: the appointment plus buffer must be free', () => {
    const busy = [{ start: Date.parse('2026-06-01T10:00:00Z'), end: Date.parse('2026-06-01T10:30:00Z') }];
    expect(starts({ ...base, resources: [{ id: 'r1', busy }] })).toEqual(['09:00', '09:30', '10:30']);
    expect(starts({ ...base, resources: [{ id: 'r1', busy }], bufferMinutes: 15 })).toEqual(['09:00', '10:30']);
  });

  it('a start is offered while any resource is free, listing the free ones', () => {
    const busy = [{ start: Date.parse('2026-06-01T09:00:00Z'), end: Date.parse('2026-06-01T11:00:00Z') }];
    const slots = freeSlots({ ...base, resources: [{ id: 'r1', busy }, { id: 'r2', busy: [] }] });
    expect(slots.map((slot) => slot.resourceIds)).toEqual([['r2'], ['r2'], ['r2'], ['r2']]);
  });

  it('no past starts, none without shifts, none when fully booked', () => {
    expect(starts({ ...base, notBefore: Date.parse('2026-06-01T09:45:00Z') })).toEqual(['10:00', '10:30']);
    expect(starts({ ...base, shifts: [] })).toEqual([]);
    const allDay = [{ start: Date.parse('2026-06-01T00:00:00Z'), end: Date.parse('2026-06-02T00:00:00Z') }];
    expect(starts({ ...base, resources: [{ id: 'r1', busy: allDay }] })).toEqual([]);
  });

  it('a shift across the spring-forward gap is an hour shorter in real time', () => {
    const slots = freeSlots({ ...base, date: '2026-03-29', timeZone: 'Europe/Berlin', shifts: [{ opensAt: '01:00', closesAt: '04:00' }], durationMinutes: 60, stepMinutes: 60 });
    expect(slots.map((slot) => iso(slot.start))).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z']);
  });
});

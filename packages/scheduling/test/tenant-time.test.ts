import { describe, expect, it } from 'vitest';
import { dayBounds, dayOfWeekOf, formatInZone, isCalendarDate, localPartsOf, zonedInstant } from '../src/tenant-time.ts';

describe('tenant time', () => {
  it.each([
    ['2026-03-29', 'Europe/Berlin', 23],
    ['2026-10-25', 'Europe/Berlin', 25],
    ['2026-06-01', 'Europe/Berlin', 24],
    ['2026-03-08', 'America/New_York', 23],
    ['2026-11-01', 'America/New_York', 25],
    ['2026-03-29', 'Asia/Kolkata', 24],
  ])('%s in %s has %s hours', (date, zone, hours) => {
    const { start, end } = dayBounds(date, zone);
    expect((end.getTime() - start.getTime()) / 3_600_000).toBe(hours);
  });

  it('turns local wall-clock times into instants on both sides of a DST change', () => {
    expect(zonedInstant('2026-03-29', 60, 'Europe/Berlin').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(zonedInstant('2026-03-29', 180, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    // 02:30 does not exist that night: the instant after the gap's start.
    expect(zonedInstant('2026-03-29', 150, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice on 25 October: the earlier one.
    expect(zonedInstant('2026-10-25', 150, 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedInstant('2026-01-05', 24 * 60, 'Europe/Berlin').toISOString()).toBe('2026-01-05T23:00:00.000Z');
  });

  it('formats with the local offset and reads local parts back', () => {
    expect(formatInZone(new Date('2026-03-29T07:00:00Z'), 'Europe/Berlin')).toBe('2026-03-29T09:00:00+02:00');
    expect(formatInZone(new Date('2026-03-28T08:00:00Z'), 'Europe/Berlin')).toBe('2026-03-28T09:00:00+01:00');
    expect(formatInZone(new Date('2026-01-05T03:30:00Z'), 'Asia/Kolkata')).toBe('2026-01-05T09:00:00+05:30');
    expect(localPartsOf(new Date('2026-03-29T22:30:00Z'), 'Europe/Berlin')).toEqual({ date: '2026-03-30', minutes: 30, dayOfWeek: 0 });
  });

  it('counts days of the week from Monday = 0 and knows real calendar dates', () => {
    expect(dayOfWeekOf('2026-03-02')).toBe(0);
    expect(dayOfWeekOf('2026-03-29')).toBe(6);
    expect(['2026-02-28', '2024-02-29'].map(isCalendarDate)).toEqual([true, true]);
    expect(['2026-02-29', '2026-13-01', '2026-1-01', '26-01-01', '2026-01-32', ''].map(isCalendarDate)).toEqual([false, false, false, false, false, false]);
  });
});

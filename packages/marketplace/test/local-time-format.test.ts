/** Dates and times in messages are the tenant's wall clock, across DST changes and date lines. */
import { describe, expect, it } from 'vitest';
import { calendarDateText, localDateText, localTimeText } from '../src/plugin-kit/local-time-format.ts';

describe('local time in messages', () => {
  it('shows the wall clock of the zone, summer and winter', () => {
    expect(localTimeText(new Date('2026-03-29T00:59:00Z'), 'Europe/Berlin')).toBe('01:59');
    expect(localTimeText(new Date('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe('03:00');
    expect(localTimeText(new Date('2026-10-25T00:30:00Z'), 'Europe/Berlin')).toBe('02:30');
    expect(localTimeText(new Date('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toBe('02:30');
  });

  it('names the local day, which may differ from the UTC day', () => {
    expect(localDateText(new Date('2026-03-10T23:15:00Z'), 'Europe/Berlin')).toBe('Wednesday, 11 March 2026');
    expect(localDateText(new Date('2026-03-10T23:15:00Z'), 'America/New_York')).toBe('Tuesday, 10 March 2026');
    expect(localDateText(new Date('2026-03-10T11:00:00Z'), 'Pacific/Kiritimati')).toBe('Wednesday, 11 March 2026');
  });

  it('spells a calendar date as that date, whatever the machine zone', () => {
    expect(calendarDateText('2026-03-29')).toBe('Sunday, 29 March 2026');
    expect(calendarDateText('2026-01-01')).toBe('Thursday, 1 January 2026');
  });
});

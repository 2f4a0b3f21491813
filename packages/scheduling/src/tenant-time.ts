/**
 * Wall-clock time in a tenant's IANA timezone, with nothing but Intl: local date + "HH:MM" → instant, instant →
 * local parts, and ISO strings with the local offset. DST days are handled by asking Intl for the offset at the
 * instant in question rather than assuming one per day: a spring-forward day has 23 hours, a fall-back day 25.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockOf(instantMs: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
export function offsetAt(instantMs: number, timeZone: string): number {
  const wall = wallClockOf(instantMs, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** "YYYY-MM-DD" → [year, month, day]; the caller has validated the format. */
function splitDate(date: string): [number, number, number] {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return [year, month, day];
}

/** Whether "YYYY-MM-DD" names a real calendar day (2026-02-30 does not). */
export function isCalendarDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const [year, month, day] = splitDate(date);
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/**
 * The instant at which the zone's clocks show `date` plus `minutes` after midnight (1440 = the next midnight).
 * In a spring-forward gap the local time does not exist and the instant after the gap's start is used; in a
 * fall-back overlap the earlier of the two instants.
 */
export function zonedInstant(date: string, minutes: number, timeZone: string): Date {
  const [year, month, day] = splitDate(date);
  const naive = Date.UTC(year, month - 1, day) + minutes * MINUTE_MS;
  const firstGuess = naive - offsetAt(naive, timeZone);
  const offset = offsetAt(firstGuess, timeZone);
  const candidate = naive - offset;
  // Fall-back overlap: the earlier instant has the larger offset.
  const earlier = naive - offsetAt(candidate - 60 * MINUTE_MS, timeZone);
  if (earlier < candidate && wallMinutesEqual(earlier, naive, timeZone)) return new Date(earlier);
  return new Date(candidate);
}

function wallMinutesEqual(instantMs: number, naiveMs: number, timeZone: string): boolean {
  const wall = wallClockOf(instantMs, timeZone);
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute) === naiveMs;
}

/** The instants of a local day's first and next midnight: 23, 24 or 25 hours apart. */
export function dayBounds(date: string, timeZone: string): { start: Date; end: Date } {
  return { start: zonedInstant(date, 0, timeZone), end: zonedInstant(date, 24 * 60, timeZone) };
}

/** Local calendar date, minutes after midnight and day of the week (0 = Monday) of an instant. */
export function localPartsOf(instant: Date, timeZone: string): { date: string; minutes: number; dayOfWeek: number } {
  const wall = wallClockOf(instant.getTime(), timeZone);
  const date = `${String(wall.year).padStart(4, '0')}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
  return { date, minutes: wall.hour * 60 + wall.minute, dayOfWeek: dayOfWeekOf(date) };
}

/** 0 = Monday … 6 = Sunday, as business hours count them. */
export function dayOfWeekOf(date: string): number {
  const [year, month, day] = splitDate(date);
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
}

/** The calendar day after `date`. */
export function nextDate(date: string): string {
  const [year, month, day] = splitDate(date);
  return new Date(Date.UTC(year, month - 1, day) + DAY_MS).toISOString().slice(0, 10);
}

/** "HH:MM" (or "24:00") → minutes after midnight. */
export function minutesOfClock(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** ISO 8601 with the zone's offset at that instant, e.g. 2026-03-29T09:00:00+02:00. */
export function formatInZone(instant: Date, timeZone: string): string {
  const offsetMinutes = Math.round(offsetAt(instant.getTime(), timeZone) / MINUTE_MS);
  const wall = wallClockOf(instant.getTime(), timeZone);
  const pad = (value: number) => String(value).padStart(2, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}` +
    `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}

/** How messages show dates and times: in the tenant's timezone, spelled out so no reader has to convert. */

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    dateFormats.set(timeZone, format);
  }
  return format;
}

function timeFormat(timeZone: string): Intl.DateTimeFormat {
  let format = timeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    timeFormats.set(timeZone, format);
  }
  return format;
}

/** "Monday, 9 March 2026" for the local day an instant falls on. */
export function localDateText(instant: Date, timeZone: string): string {
  return dateFormat(timeZone).format(instant);
}

/** "10:00" on the tenant's wall clock. */
export function localTimeText(instant: Date, timeZone: string): string {
  return timeFormat(timeZone).format(instant);
}

/** "Monday, 9 March 2026" for a calendar date "YYYY-MM-DD" (a day, not an instant: no timezone applies). */
export function calendarDateText(date: string): string {
  return dateFormat('UTC').format(new Date(`${date}T12:00:00Z`));
}

/**
 * Customers as CSV (RFC 4180: CRLF lines, fields quoted when they hold a comma, quote or line break). A field
 * that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) is prefixed with a
 * quote mark: customer names and notes are typed by the public.
 */
export const CUSTOMER_CSV_COLUMNS = ['id', 'name', 'email', 'phone', 'status', 'tags', 'notes', 'userId', 'createdAt'] as const;

export type CustomerCsvRow = Record<(typeof CUSTOMER_CSV_COLUMNS)[number], string | null>;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string | null): string {
  if (value === null) return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function customersToCsv(rows: CustomerCsvRow[]): string {
  const lines = [CUSTOMER_CSV_COLUMNS.join(','), ...rows.map((row) => CUSTOMER_CSV_COLUMNS.map((column) => csvField(row[column])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Keyset pagination for every list: a stable order (the list's sort fields, then id) and an opaque cursor naming
 * the last row served, so that rows inserted or deleted between pages never shift or repeat the rest.
 */
import { z } from 'zod';
import { fieldError } from '../scheduling-errors.ts';

export const pageQueryShape = {
  limit: z.coerce.number().int().min(1).max(100).default(50).describe('Most rows returned (1–100)'),
  cursor: z.string().min(1).max(500).optional().describe('nextCursor of the previous page'),
};

export type SortKind = 'date' | 'string' | 'number';
export interface SortField {
  field: string;
  kind: SortKind;
}

type CursorValue = string | number;

function toCursorValue(value: unknown): CursorValue {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw new Error(`cannot page on a ${typeof value}`);
}

function fromCursorValue(value: unknown, kind: SortKind): unknown {
  if (kind === 'date' && typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value);
  if (kind === 'string' && typeof value === 'string') return value;
  if (kind === 'number' && typeof value === 'number' && Number.isFinite(value)) return value;
  return undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The Prisma `where` for "after the cursor" under ORDER BY fields…, id (all ascending), or undefined without a
 * cursor. A cursor that is not one of ours is a 400 on querystring.cursor.
 */
export function afterCursor(cursor: string | undefined, fields: readonly SortField[]): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  let values: unknown[];
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
  } catch {
    throw fieldError('querystring', 'cursor', 'is not a cursor from this list');
  }
  if (!Array.isArray(values) || values.length !== fields.length + 1 || typeof values[fields.length] !== 'string'
    || !UUID.test(values[fields.length] as string)) {
    throw fieldError('querystring', 'cursor', 'is not a cursor from this list');
  }
  const keys = [...fields, { field: 'id', kind: 'string' as const }];
  const decoded = keys.map((key, index) => fromCursorValue(values[index], key.kind));
  if (decoded.some((value) => value === undefined)) throw fieldError('querystring', 'cursor', 'is not a cursor from this list');
  // (a > x) OR (a = x AND b > y) OR …
  const branches = keys.map((key, index) => {
    const branch: Record<string, unknown> = {};
    for (let earlier = 0; earlier < index; earlier++) branch[keys[earlier]!.field] = decoded[earlier];
    branch[key.field] = { gt: decoded[index] };
    return branch;
  });
  return { OR: branches };
}

/** Prisma orderBy for the list's sort fields, then id. */
export function orderOf(fields: readonly SortField[]): Array<Record<string, 'asc'>> {
  return [...fields.map((key) => ({ [key.field]: 'asc' as const })), { id: 'asc' as const }];
}

/** Rows were fetched with take: limit + 1; the extra row only says whether another page exists. */
export function pageOf<T extends { id: string }>(rows: T[], limit: number, fields: readonly SortField[]) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last
    ? Buffer.from(JSON.stringify([
      ...fields.map((key) => toCursorValue((last as Record<string, unknown>)[key.field])),
      last.id,
    ])).toString('base64url')
    : null;
  return { items, nextCursor };
}

/** AND of the defined parts (Prisma treats an undefined member of AND as no condition, but keep it tidy). */
export function allOf(...parts: Array<Record<string, unknown> | undefined>): Record<string, unknown> {
  const defined = parts.filter((part): part is Record<string, unknown> => part !== undefined && Object.keys(part).length > 0);
  return defined.length === 0 ? {} : { AND: defined };
}

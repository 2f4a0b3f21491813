/**
 * Idempotency-Key on POST /api/appointments: a retry with the same key and the same body gets the first answer
 * again (status and body); the same key with another body is a 409. Keys belong to the user who sent them. The
 * key row is inserted in the same transaction as the appointment, so a concurrent retry waits on it and then
 * replays, and a failed booking leaves no key behind (the retry is then simply a new attempt).
 */
import { createHash } from 'node:crypto';
import { IdempotencyKeyReusedError } from '../scheduling-errors.ts';

/** How long a key is remembered: retries come within minutes; a day is ample and keeps the table small. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/** A body's fingerprint, independent of key order. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonical(body)).digest('hex');
}

function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonical(field)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface StoredResponse {
  requestHash: string;
  responseStatus: number;
  responseBody: unknown;
}

/** The stored answer to replay, or a 409 when the key was used with another body. */
export function replayOf(stored: StoredResponse, hash: string): { status: number; body: unknown } {
  if (stored.requestHash !== hash) throw new IdempotencyKeyReusedError();
  return { status: stored.responseStatus, body: stored.responseBody };
}

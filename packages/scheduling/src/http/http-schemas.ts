/** zod pieces every scheduling route shares (and so the OpenAPI document). */
import { errorResponseSchema } from '@smoothschedule/auth';
import { z } from 'zod';

export const errors = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
  409: errorResponseSchema,
} as const;

export const idParams = z.object({ id: z.uuid().describe('The record id') });

/** An instant as the API writes and reads it: ISO 8601 with an offset (Z or ±HH:MM). */
export const instantInput = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset, e.g. 2026-03-02T09:00:00+01:00' })
  .transform((value) => new Date(value));

export const instantOutput = z.string().describe('ISO 8601 date-time');

export const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const clockTime = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (00:00–23:59)');

export const closingClockTime = z
  .string()
  .regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:MM (00:00–24:00)');

/** Names and titles: trimmed, not empty, no control characters. */
export const label = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`)
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters');

export const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

import { z } from 'zod';

/** The one shape of every error answer: `{"error": {"code", "message", "details"?}}`. */
export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable, machine-readable, e.g. VALIDATION_ERROR or TENANT_NOT_FOUND'),
      message: z.string().describe('For people; never internal details'),
      details: z.unknown().optional().describe('For VALIDATION_ERROR: the field issues, each with path and message'),
    }),
  })
  .meta({ id: 'ErrorResponse' });

export type ErrorResponse = z.infer<typeof errorResponseSchema>;

export interface FieldIssue {
  path: string;
  message: string;
}

export function errorBody(code: string, message: string, details?: unknown): ErrorResponse {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

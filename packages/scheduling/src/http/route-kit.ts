/** Small pieces the route files share: the non-empty update rule and the list/response helpers. */
import { z } from 'zod';

/** A PATCH body must change something: an empty object is a 400, not a silent no-op. */
export function nonEmptyPatch<T extends z.ZodObject>(schema: T) {
  return schema.refine((value) => Object.values(value as Record<string, unknown>).some((field) => field !== undefined), {
    message: 'must change at least one field',
  });
}

export const iso = (date: Date) => date.toISOString();

/** Tenant hosts only: a platform host answers 404 TENANT_CONTEXT_REQUIRED before anything else. */
export const TENANT_ROUTE = { tenancy: 'required' as const };

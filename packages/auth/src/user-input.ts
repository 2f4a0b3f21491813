/**
 * The shapes users are created and changed with, validated once with zod: the routes use them as request schemas
 * (and so in the OpenAPI document), the service and the CLI parse with them.
 */
import { z } from 'zod';
import { ROLES } from './roles.ts';

/** Trimmed and lowercased before it is checked: emails are stored lowercase (a database check backs it). */
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email().max(254));
/** Long enough to resist guessing; capped so hashing cannot be made expensive. */
export const passwordSchema = z.string().min(10).max(200);
const nameSchema = z.string().trim().min(1).max(100);

export const createUserInputSchema = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    firstName: nameSchema,
    lastName: nameSchema,
    role: z.enum(ROLES),
    tenantId: z.uuid().nullish(),
    isTemporary: z.boolean().default(false),
  })
  .strict();

export type CreateUserInput = z.input<typeof createUserInputSchema>;

export const updateUserInputSchema = z
  .object({
    email: emailSchema,
    firstName: nameSchema,
    lastName: nameSchema,
    role: z.enum(ROLES),
    isActive: z.boolean(),
    isTemporary: z.boolean(),
  })
  .partial()
  .strict();

export type UpdateUserInput = z.input<typeof updateUserInputSchema>;

export const listUsersFilterSchema = z
  .object({
    role: z.enum(ROLES).optional(),
    tenantId: z.uuid().optional(),
  })
  .strict();

export type ListUsersFilter = z.input<typeof listUsersFilterSchema>;

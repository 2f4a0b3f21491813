/** What a user looks like outside the service: never the password hash. */
import { z } from 'zod';
import { ROLES, type Role } from './roles.ts';

export const publicUserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    role: z.enum(ROLES),
    tenantId: z.uuid().nullable(),
    isActive: z.boolean(),
    isTemporary: z.boolean(),
    lastLogin: z.iso.datetime({ offset: true }).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'User' });

export type PublicUser = z.infer<typeof publicUserSchema>;

/** The Prisma select for exactly the public fields: the hash is never read where it is not needed. */
export const PUBLIC_USER_FIELDS = {
  id: true,
  email: true,
  firstName: true,
  lastName: true,
  role: true,
  tenantId: true,
  isActive: true,
  isTemporary: true,
  lastLogin: true,
  createdAt: true,
} as const;

export interface UserRow {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  tenantId: string | null;
  isActive: boolean;
  isTemporary: boolean;
  lastLogin: Date | null;
  createdAt: Date;
}

/** Picks the public fields one by one, so a column added later (or the hash) never slips out. */
export function toPublicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    role: row.role,
    tenantId: row.tenantId,
    isActive: row.isActive,
    isTemporary: row.isTemporary,
    lastLogin: row.lastLogin ? row.lastLogin.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  };
}

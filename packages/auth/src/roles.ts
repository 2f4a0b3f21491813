/**
 * The eight roles (SPEC §3): who is platform staff, who belongs to a tenant, and how they rank. The one place
 * that knows; the permission model and every guard ask here.
 */
import { Role } from '@smoothschedule/db';

export { Role };

export const ROLES = [
  Role.SUPERUSER,
  Role.PLATFORM_MANAGER,
  Role.PLATFORM_SALES,
  Role.PLATFORM_SUPPORT,
  Role.TENANT_OWNER,
  Role.TENANT_MANAGER,
  Role.TENANT_STAFF,
  Role.CUSTOMER,
] as const;

export const PLATFORM_ROLES: readonly Role[] = [Role.SUPERUSER, Role.PLATFORM_MANAGER, Role.PLATFORM_SALES, Role.PLATFORM_SUPPORT];
export const TENANT_ROLES: readonly Role[] = [Role.TENANT_OWNER, Role.TENANT_MANAGER, Role.TENANT_STAFF, Role.CUSTOMER];

/**
 * Higher manages lower. Platform roles outrank every tenant role; SALES and SUPPORT share a rank (neither
 * manages the other).
 */
export const ROLE_RANK: Readonly<Record<Role, number>> = {
  SUPERUSER: 100,
  PLATFORM_MANAGER: 90,
  PLATFORM_SALES: 80,
  PLATFORM_SUPPORT: 80,
  TENANT_OWNER: 40,
  TENANT_MANAGER: 30,
  TENANT_STAFF: 20,
  CUSTOMER: 10,
};

export function isPlatformRole(role: Role): boolean {
  return PLATFORM_ROLES.includes(role);
}

export function isTenantRole(role: Role): boolean {
  return TENANT_ROLES.includes(role);
}

export function outranks(role: Role, other: Role): boolean {
  return ROLE_RANK[role] > ROLE_RANK[other];
}

/** The message the role/tenant invariant answers with (SPEC §3); the database check constraint backs it. */
export function roleTenantProblem(role: Role, tenantId: string | null | undefined): string | null {
  if (isTenantRole(role) && !tenantId) return `Users with role ${role} must be assigned to a tenant`;
  if (isPlatformRole(role) && tenantId) return `Users with role ${role} cannot be assigned to a tenant`;
  return null;
}

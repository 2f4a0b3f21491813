/**
 * Where a user's tokens and sessions count (SPEC §4): a tenant user's only on their own tenant's host; a platform
 * user's on a platform host, and on a tenant host only within the role's scope.
 */
import type { TenantContext } from '@smoothschedule/tenancy';
import { Role } from './roles.ts';

export interface ScopedUser {
  role: Role;
  tenantId: string | null;
}

/** Why the user may not act on this host, or null when they may. */
export function hostScopeProblem(user: ScopedUser, tenant: TenantContext | null): string | null {
  if (user.tenantId !== null) {
    if (tenant === null) return 'tenant user on the platform host';
    return tenant.id === user.tenantId ? null : 'tenant user on another tenant host';
  }
  if (tenant === null) return null;
  switch (user.role) {
    case Role.SUPERUSER:
    case Role.PLATFORM_MANAGER:
    case Role.PLATFORM_SUPPORT:
      return null;
    case Role.PLATFORM_SALES:
      return tenant.isDemo ? null : 'platform sales outside demo tenants';
    default:
      return 'tenant role without a tenant';
  }
}

/**
 * Who may manage which tenant through the platform API (SPEC §2): SUPERUSER and PLATFORM_MANAGER every tenant,
 * PLATFORM_SALES demo tenants only, nobody else; deleting a tenant is for SUPERUSER alone. One table, one function,
 * used by the tenants routes and by every feature that hangs off a tenant (custom domains).
 */
import { Role, type Decision, type Principal } from '@smoothschedule/auth';

export type TenantManagementAction = 'read' | 'create' | 'update' | 'delete';

/** Which tenants a role reaches for each action: every tenant, or demo tenants only. Absent: none. */
type Reach = 'all' | 'demo';

export const TENANT_MANAGEMENT: Readonly<Record<TenantManagementAction, Partial<Record<Role, Reach>>>> = {
  read: { SUPERUSER: 'all', PLATFORM_MANAGER: 'all', PLATFORM_SALES: 'demo' },
  create: { SUPERUSER: 'all', PLATFORM_MANAGER: 'all', PLATFORM_SALES: 'demo' },
  update: { SUPERUSER: 'all', PLATFORM_MANAGER: 'all', PLATFORM_SALES: 'demo' },
  // Irreversible and takes every byte of a business with it: the most trusted role only.
  delete: { SUPERUSER: 'all' },
};

export interface ManagedTenant {
  isDemo: boolean;
}

/**
 * The decision for one tenant (an existing one, or the one about to be created). A role without the action at all
 * gets 403. Sales outside demo tenants: 404 for an existing tenant (its existence is not theirs to learn), 403 for
 * a create (they named it themselves, nothing leaks).
 */
export function decideTenantManagement(
  principal: Pick<Principal, 'role'>,
  action: TenantManagementAction,
  tenant: ManagedTenant,
): Decision {
  const reach = TENANT_MANAGEMENT[action][principal.role];
  if (reach === undefined) {
    return { allowed: false, status: 403, reason: `${principal.role} may not ${action} tenants` };
  }
  if (reach === 'demo' && !tenant.isDemo) {
    return action === 'create'
      ? { allowed: false, status: 403, reason: `${principal.role} may create demo tenants only` }
      : { allowed: false, status: 404, reason: 'The tenant is outside your scope' };
  }
  return { allowed: true };
}

/** The tenants a listing shows: every tenant, demo tenants only, or none (the role may not read tenants). */
export function tenantListScope(principal: Pick<Principal, 'role'>): { isDemo?: true } | null {
  const reach = TENANT_MANAGEMENT.read[principal.role];
  if (reach === undefined) return null;
  return reach === 'demo' ? { isDemo: true } : {};
}

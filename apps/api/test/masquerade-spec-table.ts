/** SPEC §5 as the tests read it, written independently of the implementation's table. */
import type { Role } from '@smoothschedule/auth';

export const PLATFORM: Role[] = ['SUPERUSER', 'PLATFORM_MANAGER', 'PLATFORM_SALES', 'PLATFORM_SUPPORT'];
export const TENANT: Role[] = ['TENANT_OWNER', 'TENANT_MANAGER', 'TENANT_STAFF', 'CUSTOMER'];

/** Who may become whom. */
export const SPEC_TABLE: Record<Role, { roles: Role[]; sameTenantOnly?: true; temporaryOnly?: true }> = {
  SUPERUSER: { roles: [...PLATFORM, ...TENANT] },
  PLATFORM_SUPPORT: { roles: TENANT },
  PLATFORM_SALES: { roles: TENANT, temporaryOnly: true },
  TENANT_OWNER: { roles: ['TENANT_MANAGER', 'TENANT_STAFF'], sameTenantOnly: true },
  PLATFORM_MANAGER: { roles: [] },
  TENANT_MANAGER: { roles: [] },
  TENANT_STAFF: { roles: [] },
  CUSTOMER: { roles: [] },
};

export interface SpecPerson {
  id: string;
  role: Role;
  tenantId: string | null;
}

export interface SpecTarget extends SpecPerson {
  isActive: boolean;
  isTemporary: boolean;
}

/** The rules of SPEC §5: the table, never oneself, never an inactive user, superusers only for superusers. */
export function specAllows(hijacker: SpecPerson, target: SpecTarget): boolean {
  const rule = SPEC_TABLE[hijacker.role];
  return (
    hijacker.id !== target.id &&
    target.isActive &&
    (target.role !== 'SUPERUSER' || hijacker.role === 'SUPERUSER') &&
    rule.roles.includes(target.role) &&
    (!rule.sameTenantOnly || (target.tenantId !== null && target.tenantId === hijacker.tenantId)) &&
    (!rule.temporaryOnly || target.isTemporary)
  );
}

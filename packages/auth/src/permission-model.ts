/**
 * The one permission model: "may this principal do X to this object in this tenant?". Every guard and service
 * asks `can`; nothing else decides. Two kinds of capability:
 * - user management (`users.*`), decided by the rules in user-permissions.ts (scope, rank, self);
 * - tenant capabilities, plain data below: which roles hold each one, inside the tenants their role reaches.
 * Outside one's scope the answer is 404 (existence must not leak); a known but forbidden action is 403.
 */
import { ACTION_HOLDERS } from './grants/grant-catalogue.ts';
import type { Principal } from './principal.ts';
import { Role } from './roles.ts';
import {
  ALLOWED,
  decideUserAction,
  forbidden,
  hidden,
  NO_USER_GRANTS,
  type Decision,
  type UserAction,
  type UserGrantScope,
  type UserTarget,
} from './user-permissions.ts';

export type { Decision, UserGrantScope, UserTarget } from './user-permissions.ts';

export const USER_CAPABILITIES = ['users.read', 'users.create', 'users.update', 'users.delete'] as const;
export type UserCapability = (typeof USER_CAPABILITIES)[number];

const { SUPERUSER, PLATFORM_MANAGER, PLATFORM_SALES, PLATFORM_SUPPORT, TENANT_OWNER, TENANT_MANAGER, TENANT_STAFF, CUSTOMER } = Role;

/**
 * Tenant capabilities and the roles that hold them (SPEC §3). Platform roles hold them only inside the tenants
 * they reach (sales: demo tenants, where they run demonstrations; support: reading, more only through
 * masquerade or grants). Per-object limits such as "own resource" are the owning package's check on top.
 */
export const TENANT_CAPABILITIES = {
  'tenant.settings': [SUPERUSER, PLATFORM_MANAGER, PLATFORM_SALES, TENANT_OWNER],
  // The grantable ones are the grant catalogue's rows (grants/grant-catalogue.ts): one answer for both.
  'billing.view': ACTION_HOLDERS.view_billing,
  'billing.manage': ACTION_HOLDERS.manage_billing,
  // Installing, configuring and rating plugins is the business's own decision (SPEC §8): its owner and managers.
  'plugins.manage': [TENANT_OWNER, TENANT_MANAGER],
  /** The tenant's installed plugins and their (secret-free) config: whoever reads the schedule. */
  'plugins.read': [SUPERUSER, PLATFORM_MANAGER, PLATFORM_SALES, PLATFORM_SUPPORT, TENANT_OWNER, TENANT_MANAGER, TENANT_STAFF],
  'resources.manage': [SUPERUSER, PLATFORM_MANAGER, PLATFORM_SALES, TENANT_OWNER, TENANT_MANAGER],
  'services.manage': [SUPERUSER, PLATFORM_MANAGER, PLATFORM_SALES, TENANT_OWNER, TENANT_MANAGER],
  'customers.manage': [SUPERUSER, PLATFORM_MANAGER, PLATFORM_SALES, TENANT_OWNER, TENANT_MANAGER],
  'customers.export': ACTION_HOLDERS.export_customer_data,
  'appointments.manage': [SUPERUSER, PLATFORM_MANAGER, PLATFORM_SALES, TENANT_OWNER, TENANT_MANAGER],
  'appointments.delete': ACTION_HOLDERS.delete_appointments,
  'schedule.read': [SUPERUSER, PLATFORM_MANAGER, PLATFORM_SALES, PLATFORM_SUPPORT, TENANT_OWNER, TENANT_MANAGER, TENANT_STAFF],
  /** Appointments of the staff member's own resource; scheduling checks the resource. */
  'appointments.manage-own': [TENANT_STAFF],
  /** The staff member's own blockers (time off); scheduling checks ownership. */
  'blockers.manage-own': [TENANT_OWNER, TENANT_MANAGER, TENANT_STAFF],
  /** A customer's own record and bookings. */
  'bookings.manage-own': [CUSTOMER],
} as const satisfies Record<string, readonly Role[]>;

export type TenantCapability = keyof typeof TENANT_CAPABILITIES;
export type Capability = UserCapability | TenantCapability;

/** A tenant as the permission model sees one. */
export interface TenantTarget {
  tenantId: string;
  tenantIsDemo: boolean;
}

/** Whether a principal's role reaches into a tenant at all; outside, the tenant's data does not exist for them. */
export function reachesTenant(principal: Principal, target: TenantTarget): boolean {
  switch (principal.role) {
    case Role.SUPERUSER:
    case Role.PLATFORM_MANAGER:
    case Role.PLATFORM_SUPPORT:
      return true;
    case Role.PLATFORM_SALES:
      return target.tenantIsDemo;
    default:
      return principal.tenantId !== null && principal.tenantId === target.tenantId;
  }
}

export function isUserCapability(capability: Capability): capability is UserCapability {
  return (USER_CAPABILITIES as readonly string[]).includes(capability);
}

function decideTenantCapability(principal: Principal, capability: TenantCapability, target: TenantTarget): Decision {
  if (!reachesTenant(principal, target)) return hidden('The tenant is outside your scope');
  const holders: readonly Role[] = TENANT_CAPABILITIES[capability];
  return holders.includes(principal.role) ? ALLOWED : forbidden(`${principal.role} may not use ${capability}`);
}

/** `granted`: where the principal holds an ACTIVE manage_users grant (user capabilities only). */
export function can(principal: Principal, capability: UserCapability, target: UserTarget, granted?: UserGrantScope): Decision;
export function can(principal: Principal, capability: TenantCapability, target: TenantTarget): Decision;
export function can(
  principal: Principal,
  capability: Capability,
  target: UserTarget | TenantTarget,
  granted: UserGrantScope = NO_USER_GRANTS,
): Decision {
  if (isUserCapability(capability)) {
    return decideUserAction(principal, capability.slice('users.'.length) as UserAction, target as UserTarget, granted);
  }
  return decideTenantCapability(principal, capability, target as TenantTarget);
}

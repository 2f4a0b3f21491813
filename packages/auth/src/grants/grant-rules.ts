/**
 * The creation rules of SPEC §6, each a small named function that answers null (fine) or a refusal, so that each
 * can be tested on its own and the service composes them in a fixed order. None touches the database: the
 * service looks up the grantee, the tenant and the grantor's own grants first and passes them in.
 */
import { reachesTenant, type TenantTarget } from '../permission-model.ts';
import type { Principal } from '../principal.ts';
import { isPlatformRole, Role } from '../roles.ts';
import { ACTION_HOLDERS, GRANTOR_ROLES, type GrantableAction } from './grant-catalogue.ts';

export interface GrantRefusal {
  /** The rule's name, as written in the audit row and the security log. */
  rule: string;
  status: 400 | 403 | 404;
  message: string;
}

/** A grant's scope: one tenant, or every tenant (null). */
export type GrantScope = TenantTarget | null;

/** The grantee as the rules see one. */
export interface GranteeFacts {
  id: string;
  role: Role;
  tenantId: string | null;
  isActive: boolean;
}

const refuse = (rule: string, status: GrantRefusal['status'], message: string): GrantRefusal => ({ rule, status, message });

/** Roles that reach every tenant, and so may hold an action across all of them. */
const EVERY_TENANT_ROLES: readonly Role[] = [Role.SUPERUSER, Role.PLATFORM_MANAGER, Role.PLATFORM_SUPPORT];

/** Whether `principal`'s role alone (no grant) holds `action` in `scope` (null: in every tenant). */
export function roleHoldsAction(principal: Principal, action: GrantableAction, scope: GrantScope): boolean {
  const holders: readonly Role[] = ACTION_HOLDERS[action];
  if (!holders.includes(principal.role)) return false;
  return scope === null ? EVERY_TENANT_ROLES.includes(principal.role) : reachesTenant(principal, scope);
}

/** Only SUPERUSER, PLATFORM_MANAGER and TENANT_OWNER grant; everyone else is refused before anything is looked up. */
export function ruleRoleMayGrant(grantor: Principal): GrantRefusal | null {
  return GRANTOR_ROLES.includes(grantor.role) ? null : refuse('role-may-not-grant', 403, `${grantor.role} may not grant permissions`);
}

export function ruleNotSelf(grantor: Principal, granteeId: string): GrantRefusal | null {
  return grantor.userId === granteeId ? refuse('self-grant', 403, 'Nobody grants permissions to themselves') : null;
}

export function ruleDurationWithinMax(durationMinutes: number, maxMinutes: number): GrantRefusal | null {
  return durationMinutes > maxMinutes
    ? refuse('duration-over-max', 400, `A grant lasts at most ${maxMinutes} minutes (asked: ${durationMinutes})`)
    : null;
}

/**
 * A tenant owner's grants are scoped to their own tenant (an omitted tenant means theirs); any other tenant, or
 * every tenant, is refused without looking it up, so the answer says nothing about other tenants.
 */
export function ruleOwnerScope(grantor: Principal, requestedTenantId: string | null | undefined): GrantRefusal | null {
  if (grantor.role !== Role.TENANT_OWNER) return null;
  if (requestedTenantId === undefined || requestedTenantId === grantor.tenantId) return null;
  return refuse('owner-other-tenant', 403, 'A tenant owner grants only within their own tenant');
}

/**
 * Who may receive: platform staff from a superuser or platform manager; the staff (managers and staff, not
 * customers: a customer login is not a staff account) of the owner's own tenant from a tenant owner. A user of
 * another tenant is, for an owner, a user that does not exist (404).
 */
export function ruleGranteeInReach(grantor: Principal, grantee: GranteeFacts | null): GrantRefusal | null {
  if (grantee === null) return refuse('grantee-not-found', 404, 'No such user');
  if (grantor.role === Role.TENANT_OWNER) {
    if (grantee.tenantId !== grantor.tenantId) return refuse('grantee-not-found', 404, 'No such user');
    if (grantee.role !== Role.TENANT_MANAGER && grantee.role !== Role.TENANT_STAFF) {
      return refuse('grantee-role', 403, `A tenant owner grants to managers and staff of the tenant, not to a ${grantee.role}`);
    }
  } else if (!isPlatformRole(grantee.role)) {
    return refuse('grantee-role', 403, 'Platform staff grant only to platform staff');
  }
  if (!grantee.isActive) return refuse('grantee-inactive', 403, 'The user is inactive');
  return null;
}

/**
 * Nobody grants what they do not hold by role in that scope; and holding it only through a grant is named as
 * such (a grantee cannot re-grant), so the refusal says why.
 */
export function ruleGrantorHoldsAction(
  grantor: Principal,
  action: GrantableAction,
  scope: GrantScope,
  grantorHasActiveGrant: boolean,
): GrantRefusal | null {
  if (roleHoldsAction(grantor, action, scope)) return null;
  if (grantorHasActiveGrant) return refuse('re-grant', 403, `${action} is held through a grant, which cannot be passed on`);
  const where = scope === null ? 'in every tenant' : 'in this tenant';
  return refuse('grantor-lacks-action', 403, `${grantor.role} does not hold ${action} ${where}`);
}

/**
 * Who may read and manage which user (SPEC §3). Each rule is a small named function so that it can be tested on
 * its own; `decideUserAction` composes them in the order the answer depends on: the impossible target, oneself,
 * what the principal can see at all (404 otherwise), then what they may do with what they see (403 otherwise).
 */
import { ACTION_HOLDERS } from './grants/grant-catalogue.ts';
import type { Principal } from './principal.ts';
import { outranks, Role, ROLE_RANK, roleTenantProblem } from './roles.ts';

export type UserAction = 'read' | 'create' | 'update' | 'delete';

/** A user as the permission model sees one: enough to place it, never more. */
export interface UserTarget {
  /** Absent when the user does not exist yet (create). */
  userId?: string;
  role: Role;
  tenantId: string | null;
  /** Whether the user's tenant is a demo tenant; false on the platform. */
  tenantIsDemo: boolean;
  isTemporary: boolean;
}

export type Decision =
  | { allowed: true }
  | { allowed: false; reason: string; status: 403 | 404 };

export const ALLOWED: Decision = { allowed: true };

export function forbidden(reason: string): Decision {
  return { allowed: false, reason, status: 403 };
}

/** 404, not 403: outside one's scope, whether a thing exists must not leak. */
export function hidden(reason: string): Decision {
  return { allowed: false, reason, status: 404 };
}

/**
 * Which users a principal can see, as data: the repository turns it into a query for listings, and
 * `seesUser` answers it for one user, so the two cannot disagree. Everyone also sees themselves.
 */
export type UserReadScope =
  | { kind: 'everyone' }
  /** PLATFORM_SUPPORT: every tenant's users, no platform staff. */
  | { kind: 'tenant-users' }
  /** PLATFORM_SALES: users of demo tenants and temporary users. */
  | { kind: 'demo-accounts' }
  | { kind: 'tenant'; tenantId: string }
  /** An ACTIVE manage_users grant: the users below TENANT_OWNER of these tenants ('all': every tenant). */
  | { kind: 'granted'; tenantIds: readonly string[] | 'all' }
  | { kind: 'self' };

/**
 * Where the principal holds an ACTIVE manage_users grant (SPEC §6), looked up per request by the caller (grants
 * expire and are revoked between requests; this model stays a pure function of what it is given).
 */
export interface UserGrantScope {
  allTenants: boolean;
  tenantIds: readonly string[];
}

export const NO_USER_GRANTS: UserGrantScope = { allTenants: false, tenantIds: [] };

/** The roles a manage_users grant reaches: below TENANT_OWNER, so a grant never hands over the business. */
export const GRANT_MANAGED_ROLES: readonly Role[] = [Role.TENANT_MANAGER, Role.TENANT_STAFF, Role.CUSTOMER];

/**
 * A manage_users grant covers a user of a tenant it names, ranked below TENANT_OWNER, and never the grantee
 * themselves: a grantee promoting their own account would keep the power after the grant ends.
 */
export function grantCoversUser(principal: Principal, granted: UserGrantScope, target: UserTarget): boolean {
  if (target.tenantId === null || isSelf(principal, target)) return false;
  if (!granted.allTenants && !granted.tenantIds.includes(target.tenantId)) return false;
  return ROLE_RANK[target.role] < ROLE_RANK[Role.TENANT_OWNER];
}

/** The extra users a listing shows because of manage_users grants, or null. */
export function grantedListScope(granted: UserGrantScope): UserReadScope | null {
  if (granted.allTenants) return { kind: 'granted', tenantIds: 'all' };
  return granted.tenantIds.length > 0 ? { kind: 'granted', tenantIds: granted.tenantIds } : null;
}

export function userReadScope(principal: Principal): UserReadScope {
  switch (principal.role) {
    case Role.SUPERUSER:
    case Role.PLATFORM_MANAGER:
      return { kind: 'everyone' };
    case Role.PLATFORM_SUPPORT:
      return { kind: 'tenant-users' };
    case Role.PLATFORM_SALES:
      return { kind: 'demo-accounts' };
    case Role.TENANT_OWNER:
    case Role.TENANT_MANAGER:
    case Role.TENANT_STAFF:
      // Staff see that colleagues exist (403 on reading them), unlike customers, whose scope is themselves.
      return principal.tenantId ? { kind: 'tenant', tenantId: principal.tenantId } : { kind: 'self' };
    case Role.CUSTOMER:
      return { kind: 'self' };
  }
}

export function isSelf(principal: Principal, target: UserTarget): boolean {
  return target.userId !== undefined && target.userId === principal.userId;
}

/** Whether the target lies inside the principal's scope at all (existence may be revealed). */
export function seesUser(principal: Principal, target: UserTarget): boolean {
  if (isSelf(principal, target)) return true;
  const scope = userReadScope(principal);
  switch (scope.kind) {
    case 'everyone':
      return true;
    case 'tenant-users':
      return target.tenantId !== null;
    case 'demo-accounts':
      return target.tenantIsDemo || target.isTemporary;
    case 'tenant':
      return target.tenantId === scope.tenantId;
    case 'granted':
      return target.tenantId !== null && GRANT_MANAGED_ROLES.includes(target.role)
        && (scope.tenantIds === 'all' || scope.tenantIds.includes(target.tenantId));
    case 'self':
      return false;
  }
}

/** Roles that read the users they see; TENANT_STAFF see colleagues exist but read only themselves. */
const READS_VISIBLE_USERS: readonly Role[] = [
  Role.SUPERUSER,
  Role.PLATFORM_MANAGER,
  Role.PLATFORM_SALES,
  Role.PLATFORM_SUPPORT,
  Role.TENANT_OWNER,
  Role.TENANT_MANAGER,
];

/**
 * Roles that create, change and delete users at all (the grant catalogue's manage_users row); support acts only
 * through masquerade or grants.
 */
const MANAGES_USERS: readonly Role[] = ACTION_HOLDERS.manage_users;

/** The users a listing shows: those the principal may read (always themselves too). */
export function userListScope(principal: Principal): UserReadScope {
  return READS_VISIBLE_USERS.includes(principal.role) ? userReadScope(principal) : { kind: 'self' };
}

/** The hierarchy rule: strictly lower rank only; SUPERUSER manages everyone, other superusers included. */
export function rankAllowsManaging(principal: Principal, targetRole: Role): boolean {
  return principal.role === Role.SUPERUSER || outranks(principal.role, targetRole);
}

/**
 * Sales reach temporary users wherever they are, but create users only in demo tenants: a temporary account
 * planted in a real business's tenant would be a way in that nobody there asked for.
 */
export function salesMayCreateIn(target: UserTarget): boolean {
  return target.tenantId !== null && target.tenantIsDemo;
}

export function decideUserAction(
  principal: Principal,
  action: UserAction,
  target: UserTarget,
  granted: UserGrantScope = NO_USER_GRANTS,
): Decision {
  // The service refuses these with 400 first; answering here too means no caller can slip one through.
  if (roleTenantProblem(target.role, target.tenantId)) return forbidden('No such user can exist');
  if (action === 'read' && isSelf(principal, target)) return ALLOWED;
  if (grantCoversUser(principal, granted, target)) return ALLOWED;
  if (!seesUser(principal, target)) return hidden('The user is outside your scope');
  if (action === 'create' && principal.role === Role.PLATFORM_SALES && !salesMayCreateIn(target)) {
    return hidden('Sales create users only in demo tenants');
  }
  if (action === 'read') {
    return READS_VISIBLE_USERS.includes(principal.role) ? ALLOWED : forbidden('You may read only yourself');
  }
  if (!MANAGES_USERS.includes(principal.role)) return forbidden('Your role does not manage users');
  if (!rankAllowsManaging(principal, target.role)) {
    return forbidden(target.role === Role.SUPERUSER
      ? 'Only a superuser manages superusers'
      : `You manage only users ranked below ${principal.role}`);
  }
  return ALLOWED;
}

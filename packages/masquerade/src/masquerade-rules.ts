/**
 * Who may masquerade as whom (SPEC §5): the matrix as one table, and each further rule as a named function. A
 * decision is the first rule that refuses, so the audit line names the exact reason.
 */
import { Role, TENANT_ROLES } from '@smoothschedule/auth';

export interface Hijacker {
  id: string;
  role: Role;
  tenantId: string | null;
  /** True when the request already acts through a masquerade token. */
  isMasquerading: boolean;
}

export interface MasqueradeTarget {
  id: string;
  role: Role;
  tenantId: string | null;
  isActive: boolean;
  isTemporary: boolean;
}

interface MatrixRow {
  /** The roles this hijacker may become. */
  targets: readonly Role[];
  /** Only users of the hijacker's own tenant. */
  sameTenant?: boolean;
  /** Only demo accounts (isTemporary). */
  temporaryOnly?: boolean;
}

const NO_ONE: MatrixRow = { targets: [] };

/**
 * SPEC §5's table. PLATFORM_SALES's "demo accounts" are read as temporary users of a tenant role: a temporary
 * platform account is never a demo account, and masquerading as platform staff would widen a sales scope.
 */
export const MASQUERADE_MATRIX: Readonly<Record<Role, MatrixRow>> = {
  SUPERUSER: { targets: Object.values(Role) },
  PLATFORM_MANAGER: NO_ONE,
  PLATFORM_SALES: { targets: TENANT_ROLES, temporaryOnly: true },
  PLATFORM_SUPPORT: { targets: TENANT_ROLES },
  TENANT_OWNER: { targets: [Role.TENANT_MANAGER, Role.TENANT_STAFF], sameTenant: true },
  TENANT_MANAGER: NO_ONE,
  TENANT_STAFF: NO_ONE,
  CUSTOMER: NO_ONE,
};

export type DenialKind =
  /** 403 BLOCKED_WHILE_MASQUERADING */
  | 'nested'
  /** 404: the target does not exist, or is outside the tenant of a tenant hijacker (existence does not leak). */
  | 'not_found'
  /** 403 MASQUERADE_FORBIDDEN */
  | 'forbidden';

export interface Denial {
  kind: DenialKind;
  reason: string;
}

/** Maximum depth 1: no masquerade from a masquerade. */
export function refuseNested(hijacker: Hijacker): Denial | null {
  return hijacker.isMasquerading ? { kind: 'nested', reason: 'already masquerading (maximum depth 1)' } : null;
}

/** A tenant user never learns whether a user outside their tenant exists. */
export function refuseOutsideOwnTenant(hijacker: Hijacker, target: MasqueradeTarget): Denial | null {
  if (hijacker.tenantId === null || target.tenantId === hijacker.tenantId) return null;
  return { kind: 'not_found', reason: 'target is outside the hijacker tenant' };
}

export function refuseSelf(hijacker: Hijacker, target: MasqueradeTarget): Denial | null {
  return hijacker.id === target.id ? { kind: 'forbidden', reason: 'cannot masquerade as yourself' } : null;
}

export function refuseSuperuserTarget(hijacker: Hijacker, target: MasqueradeTarget): Denial | null {
  return target.role === Role.SUPERUSER && hijacker.role !== Role.SUPERUSER
    ? { kind: 'forbidden', reason: 'only a superuser may masquerade as a superuser' }
    : null;
}

export function refuseInactiveTarget(target: MasqueradeTarget): Denial | null {
  return target.isActive ? null : { kind: 'forbidden', reason: 'target is inactive' };
}

export function refuseByRole(hijacker: Hijacker, target: MasqueradeTarget): Denial | null {
  return MASQUERADE_MATRIX[hijacker.role].targets.includes(target.role)
    ? null
    : { kind: 'forbidden', reason: `${hijacker.role} may not masquerade as ${target.role}` };
}

export function refuseOtherTenantForTenantHijacker(hijacker: Hijacker, target: MasqueradeTarget): Denial | null {
  if (!MASQUERADE_MATRIX[hijacker.role].sameTenant) return null;
  return target.tenantId !== null && target.tenantId === hijacker.tenantId
    ? null
    : { kind: 'forbidden', reason: 'target is not in the hijacker tenant' };
}

export function refuseNonTemporaryForSales(hijacker: Hijacker, target: MasqueradeTarget): Denial | null {
  if (!MASQUERADE_MATRIX[hijacker.role].temporaryOnly) return null;
  return target.isTemporary ? null : { kind: 'forbidden', reason: 'target is not a demo account (isTemporary)' };
}

/** Null when the masquerade is allowed; otherwise the first refusal. `target` null: no such user. */
export function decideMasquerade(hijacker: Hijacker, target: MasqueradeTarget | null): Denial | null {
  const nested = refuseNested(hijacker);
  if (nested) return nested;
  if (target === null) return { kind: 'not_found', reason: 'target does not exist' };
  return (
    refuseOutsideOwnTenant(hijacker, target) ??
    refuseSelf(hijacker, target) ??
    refuseSuperuserTarget(hijacker, target) ??
    refuseInactiveTarget(target) ??
    refuseByRole(hijacker, target) ??
    refuseOtherTenantForTenantHijacker(hijacker, target) ??
    refuseNonTemporaryForSales(hijacker, target)
  );
}

/** Whether `hijacker` may masquerade as `target` now (the admin shows its button on exactly these rows). */
export function mayMasquerade(hijacker: Hijacker, target: MasqueradeTarget): boolean {
  return decideMasquerade(hijacker, target) === null;
}

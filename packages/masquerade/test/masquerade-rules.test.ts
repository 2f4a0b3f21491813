/** Each masquerade rule on its own, then the order in which decideMasquerade applies them. */
import { describe, expect, it } from 'vitest';
import {
  decideMasquerade,
  mayMasquerade,
  MASQUERADE_MATRIX,
  refuseByRole,
  refuseInactiveTarget,
  refuseNested,
  refuseNonTemporaryForSales,
  refuseOtherTenantForTenantHijacker,
  refuseOutsideOwnTenant,
  refuseSelf,
  refuseSuperuserTarget,
  type Hijacker,
  type MasqueradeTarget,
} from '../src/index.ts';

const TENANT_A = '00000000-0000-4000-8000-00000000000a';
const TENANT_B = '00000000-0000-4000-8000-00000000000b';

const hijacker = (overrides: Partial<Hijacker> = {}): Hijacker => ({ id: 'h', role: 'SUPERUSER', tenantId: null, isMasquerading: false, ...overrides });
const target = (overrides: Partial<MasqueradeTarget> = {}): MasqueradeTarget => ({
  id: 't',
  role: 'TENANT_STAFF',
  tenantId: TENANT_A,
  isActive: true,
  isTemporary: false,
  ...overrides,
});

describe('each rule', () => {
  it('refuseNested: only while masquerading', () => {
    expect(refuseNested(hijacker({ isMasquerading: true }))).toMatchObject({ kind: 'nested' });
    expect(refuseNested(hijacker())).toBeNull();
  });

  it('refuseOutsideOwnTenant: a tenant hijacker and a target elsewhere look like a missing user', () => {
    const owner = hijacker({ role: 'TENANT_OWNER', tenantId: TENANT_A });
    expect(refuseOutsideOwnTenant(owner, target({ tenantId: TENANT_B }))).toMatchObject({ kind: 'not_found' });
    expect(refuseOutsideOwnTenant(owner, target({ role: 'SUPERUSER', tenantId: null }))).toMatchObject({ kind: 'not_found' });
    expect(refuseOutsideOwnTenant(owner, target())).toBeNull();
    expect(refuseOutsideOwnTenant(hijacker(), target({ tenantId: TENANT_B }))).toBeNull();
  });

  it('refuseSelf', () => {
    expect(refuseSelf(hijacker({ id: 'same' }), target({ id: 'same' }))).toMatchObject({ kind: 'forbidden' });
    expect(refuseSelf(hijacker(), target())).toBeNull();
  });

  it('refuseSuperuserTarget: only a superuser becomes a superuser', () => {
    const superTarget = target({ role: 'SUPERUSER', tenantId: null });
    expect(refuseSuperuserTarget(hijacker({ role: 'PLATFORM_SUPPORT' }), superTarget)).toMatchObject({ kind: 'forbidden' });
    expect(refuseSuperuserTarget(hijacker({ role: 'PLATFORM_MANAGER' }), superTarget)).toMatchObject({ kind: 'forbidden' });
    expect(refuseSuperuserTarget(hijacker(), superTarget)).toBeNull();
  });

  it('refuseInactiveTarget', () => {
    expect(refuseInactiveTarget(target({ isActive: false }))).toMatchObject({ kind: 'forbidden' });
    expect(refuseInactiveTarget(target())).toBeNull();
  });

  it('refuseByRole follows the matrix row of the hijacker', () => {
    expect(refuseByRole(hijacker({ role: 'PLATFORM_MANAGER' }), target())).toMatchObject({ kind: 'forbidden' });
    expect(refuseByRole(hijacker({ role: 'PLATFORM_SUPPORT' }), target({ role: 'PLATFORM_SALES', tenantId: null }))).not.toBeNull();
    expect(refuseByRole(hijacker({ role: 'PLATFORM_SUPPORT' }), target({ role: 'CUSTOMER' }))).toBeNull();
    expect(refuseByRole(hijacker({ role: 'TENANT_OWNER', tenantId: TENANT_A }), target({ role: 'CUSTOMER' }))).not.toBeNull();
  });

  it('refuseOtherTenantForTenantHijacker: a tenant owner stays in their tenant', () => {
    const owner = hijacker({ role: 'TENANT_OWNER', tenantId: TENANT_A });
    expect(refuseOtherTenantForTenantHijacker(owner, target({ tenantId: TENANT_B }))).toMatchObject({ kind: 'forbidden' });
    expect(refuseOtherTenantForTenantHijacker(owner, target())).toBeNull();
    expect(refuseOtherTenantForTenantHijacker(hijacker({ role: 'PLATFORM_SUPPORT' }), target({ tenantId: TENANT_B }))).toBeNull();
  });

  it('refuseNonTemporaryForSales: sales only become demo accounts', () => {
    const sales = hijacker({ role: 'PLATFORM_SALES' });
    expect(refuseNonTemporaryForSales(sales, target())).toMatchObject({ kind: 'forbidden' });
    expect(refuseNonTemporaryForSales(sales, target({ isTemporary: true }))).toBeNull();
    expect(refuseNonTemporaryForSales(hijacker({ role: 'PLATFORM_SUPPORT' }), target())).toBeNull();
  });
});

describe('decideMasquerade', () => {
  it('refuses a nested masquerade before anything else, even for a missing target', () => {
    expect(decideMasquerade(hijacker({ isMasquerading: true }), null)).toMatchObject({ kind: 'nested' });
  });

  it('answers not_found for a missing target', () => {
    expect(decideMasquerade(hijacker(), null)).toMatchObject({ kind: 'not_found' });
  });

  it('hides an inactive user of another tenant from a tenant owner (not_found, not forbidden)', () => {
    const owner = hijacker({ role: 'TENANT_OWNER', tenantId: TENANT_A });
    expect(decideMasquerade(owner, target({ tenantId: TENANT_B, isActive: false }))).toMatchObject({ kind: 'not_found' });
  });

  it('allows the cells of the matrix', () => {
    expect(mayMasquerade(hijacker(), target({ role: 'SUPERUSER', tenantId: null, id: 'other' }))).toBe(true);
    expect(mayMasquerade(hijacker({ role: 'PLATFORM_SUPPORT' }), target({ role: 'TENANT_OWNER' }))).toBe(true);
    expect(mayMasquerade(hijacker({ role: 'PLATFORM_SALES' }), target({ role: 'CUSTOMER', isTemporary: true }))).toBe(true);
    expect(mayMasquerade(hijacker({ role: 'TENANT_OWNER', tenantId: TENANT_A }), target({ role: 'TENANT_MANAGER' }))).toBe(true);
  });

  it('gives everyone outside the table no one', () => {
    for (const role of ['PLATFORM_MANAGER', 'TENANT_MANAGER', 'TENANT_STAFF', 'CUSTOMER'] as const) {
      expect(MASQUERADE_MATRIX[role].targets).toEqual([]);
    }
  });
});

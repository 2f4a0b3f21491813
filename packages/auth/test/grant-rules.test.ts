/** The creation rules of permission grants, one by one, and who holds which action by role (written out by hand). */
import { describe, expect, it } from 'vitest';
import { ACTION_HOLDERS, GRANTABLE_ACTIONS } from '../src/grants/grant-catalogue.ts';
import {
  roleHoldsAction,
  ruleDurationWithinMax,
  ruleGranteeInReach,
  ruleGrantorHoldsAction,
  ruleNotSelf,
  ruleOwnerScope,
  ruleRoleMayGrant,
  type GranteeFacts,
} from '../src/grants/grant-rules.ts';
import type { Principal } from '../src/principal.ts';
import { ROLES, type Role } from '../src/roles.ts';

const OWN = '00000000-0000-4000-8000-00000000000a';
const OTHER = '00000000-0000-4000-8000-00000000000b';
const DEMO = '00000000-0000-4000-8000-00000000000d';
const PLATFORM: readonly Role[] = ['SUPERUSER', 'PLATFORM_MANAGER', 'PLATFORM_SALES', 'PLATFORM_SUPPORT'];

const principal = (role: Role, userId = 'me'): Principal => ({
  userId, email: 'me@x.test', role, tenantId: PLATFORM.includes(role) ? null : OWN, isTemporary: false, sessionId: 's',
});
const grantee = (role: Role, tenantId: string | null, isActive = true): GranteeFacts => ({ id: 'them', role, tenantId, isActive });

/** Per action: the roles holding it in their own (or any reached) ordinary tenant, in a demo tenant, in every tenant. */
const HOLDS: Record<string, { ordinary: Role[]; demo: Role[]; everywhere: Role[] }> = {
  view_billing: { ordinary: ['SUPERUSER', 'PLATFORM_MANAGER', 'TENANT_OWNER'], demo: ['SUPERUSER', 'PLATFORM_MANAGER'], everywhere: ['SUPERUSER', 'PLATFORM_MANAGER'] },
  manage_billing: { ordinary: ['SUPERUSER', 'TENANT_OWNER'], demo: ['SUPERUSER'], everywhere: ['SUPERUSER'] },
  export_customer_data: { ordinary: ['SUPERUSER', 'TENANT_OWNER'], demo: ['SUPERUSER'], everywhere: ['SUPERUSER'] },
  manage_users: { ordinary: ['SUPERUSER', 'PLATFORM_MANAGER', 'TENANT_OWNER', 'TENANT_MANAGER'], demo: ['SUPERUSER', 'PLATFORM_MANAGER', 'PLATFORM_SALES'], everywhere: ['SUPERUSER', 'PLATFORM_MANAGER'] },
  delete_appointments: { ordinary: ['SUPERUSER', 'TENANT_OWNER', 'TENANT_MANAGER'], demo: ['SUPERUSER'], everywhere: ['SUPERUSER'] },
};

describe('the catalogue', () => {
  it('names exactly the actions written out here', () => {
    expect([...GRANTABLE_ACTIONS].sort()).toEqual(Object.keys(HOLDS).sort());
    expect(Object.keys(ACTION_HOLDERS).sort()).toEqual(Object.keys(HOLDS).sort());
  });

  it.each(GRANTABLE_ACTIONS.flatMap((action) => ROLES.map((role) => [action, role] as const)))('%s held by %s', (action, role) => {
    const me = principal(role);
    // A tenant principal's own tenant, for platform principals an ordinary tenant they may or may not reach.
    expect(roleHoldsAction(me, action, { tenantId: OWN, tenantIsDemo: false })).toBe(HOLDS[action]!.ordinary.includes(role));
    // A demo tenant other than a tenant principal's own: only platform roles reach it.
    expect(roleHoldsAction(me, action, { tenantId: DEMO, tenantIsDemo: true })).toBe(HOLDS[action]!.demo.includes(role));
    expect(roleHoldsAction(me, action, null)).toBe(HOLDS[action]!.everywhere.includes(role));
  });

  it('a tenant role holds nothing in another tenant', () => {
    for (const action of GRANTABLE_ACTIONS) expect(roleHoldsAction(principal('TENANT_OWNER'), action, { tenantId: OTHER, tenantIsDemo: false })).toBe(false);
  });
});

describe('creation rules', () => {
  it.each(ROLES)('ruleRoleMayGrant: %s', (role) => {
    const refusal = ruleRoleMayGrant(principal(role));
    if (['SUPERUSER', 'PLATFORM_MANAGER', 'TENANT_OWNER'].includes(role)) expect(refusal).toBeNull();
    else expect(refusal).toEqual({ rule: 'role-may-not-grant', status: 403, message: `${role} may not grant permissions` });
  });

  it('ruleNotSelf', () => {
    expect(ruleNotSelf(principal('SUPERUSER', 'u1'), 'u1')).toMatchObject({ rule: 'self-grant', status: 403 });
    expect(ruleNotSelf(principal('SUPERUSER', 'u1'), 'u2')).toBeNull();
  });

  it('ruleDurationWithinMax: up to the maximum, 400 above', () => {
    expect(ruleDurationWithinMax(30, 30)).toBeNull();
    expect(ruleDurationWithinMax(1, 30)).toBeNull();
    expect(ruleDurationWithinMax(31, 30)).toMatchObject({ rule: 'duration-over-max', status: 400 });
    expect(ruleDurationWithinMax(400, 120)).toMatchObject({ rule: 'duration-over-max', status: 400 });
  });

  it('ruleOwnerScope: an owner grants in their own tenant only (omitted means theirs)', () => {
    const owner = principal('TENANT_OWNER');
    expect(ruleOwnerScope(owner, undefined)).toBeNull();
    expect(ruleOwnerScope(owner, OWN)).toBeNull();
    expect(ruleOwnerScope(owner, OTHER)).toMatchObject({ rule: 'owner-other-tenant', status: 403 });
    expect(ruleOwnerScope(owner, null)).toMatchObject({ rule: 'owner-other-tenant', status: 403 });
    expect(ruleOwnerScope(principal('SUPERUSER'), OTHER)).toBeNull();
  });

  // Per grantor: the answer for a grantee of each role, in the grantor's tenant (or a tenant, for platform grantors).
  const GRANTEE_RULE: Record<'SUPERUSER' | 'PLATFORM_MANAGER' | 'TENANT_OWNER', Record<Role, string | null>> = {
    SUPERUSER: { SUPERUSER: null, PLATFORM_MANAGER: null, PLATFORM_SALES: null, PLATFORM_SUPPORT: null, TENANT_OWNER: 'grantee-role', TENANT_MANAGER: 'grantee-role', TENANT_STAFF: 'grantee-role', CUSTOMER: 'grantee-role' },
    PLATFORM_MANAGER: { SUPERUSER: null, PLATFORM_MANAGER: null, PLATFORM_SALES: null, PLATFORM_SUPPORT: null, TENANT_OWNER: 'grantee-role', TENANT_MANAGER: 'grantee-role', TENANT_STAFF: 'grantee-role', CUSTOMER: 'grantee-role' },
    TENANT_OWNER: { SUPERUSER: 'grantee-not-found', PLATFORM_MANAGER: 'grantee-not-found', PLATFORM_SALES: 'grantee-not-found', PLATFORM_SUPPORT: 'grantee-not-found', TENANT_OWNER: 'grantee-role', TENANT_MANAGER: null, TENANT_STAFF: null, CUSTOMER: 'grantee-role' },
  };

  it.each(Object.entries(GRANTEE_RULE).flatMap(([grantor, answers]) => Object.entries(answers).map(([role, rule]) => [grantor as Role, role as Role, rule] as const)))(
    'ruleGranteeInReach: %s → %s: %s',
    (grantorRole, granteeRole, rule) => {
      const refusal = ruleGranteeInReach(principal(grantorRole), grantee(granteeRole, PLATFORM.includes(granteeRole) ? null : OWN));
      expect(refusal?.rule ?? null).toBe(rule);
    },
  );

  it('ruleGranteeInReach: missing, another tenant\'s user (404 for an owner), inactive', () => {
    expect(ruleGranteeInReach(principal('SUPERUSER'), null)).toMatchObject({ rule: 'grantee-not-found', status: 404 });
    expect(ruleGranteeInReach(principal('TENANT_OWNER'), grantee('TENANT_STAFF', OTHER))).toMatchObject({ rule: 'grantee-not-found', status: 404 });
    expect(ruleGranteeInReach(principal('TENANT_OWNER'), grantee('TENANT_STAFF', OWN, false))).toMatchObject({ rule: 'grantee-inactive', status: 403 });
    expect(ruleGranteeInReach(principal('SUPERUSER'), grantee('PLATFORM_SUPPORT', null, false))).toMatchObject({ rule: 'grantee-inactive', status: 403 });
  });

  it('ruleGrantorHoldsAction: held by role, lacking it, or holding it only through a grant (no re-grant)', () => {
    const manager = principal('PLATFORM_MANAGER');
    const tenant = { tenantId: OTHER, tenantIsDemo: false };
    expect(ruleGrantorHoldsAction(manager, 'view_billing', tenant, false)).toBeNull();
    expect(ruleGrantorHoldsAction(manager, 'manage_billing', tenant, false)).toMatchObject({ rule: 'grantor-lacks-action', status: 403 });
    expect(ruleGrantorHoldsAction(manager, 'manage_billing', tenant, true)).toMatchObject({ rule: 're-grant', status: 403 });
    expect(ruleGrantorHoldsAction(principal('TENANT_OWNER'), 'manage_billing', { tenantId: OWN, tenantIsDemo: false }, false)).toBeNull();
    expect(ruleGrantorHoldsAction(principal('SUPERUSER'), 'export_customer_data', null, false)).toBeNull();
  });
});

/** The tenant-management table, every role × action × demo/non-demo tenant, exhaustively. */
import { ROLES, type Role } from '@smoothschedule/auth';
import { describe, expect, it } from 'vitest';
import { decideTenantManagement, tenantListScope, type TenantManagementAction } from '../src/tenant-management-access.ts';

type Outcome = 'allowed' | 403 | 404;
const ACTIONS: TenantManagementAction[] = ['read', 'create', 'update', 'delete'];

/** Expected outcome for [demo tenant, regular tenant]. */
const EXPECTED: Record<Role, Record<TenantManagementAction, [Outcome, Outcome]>> = {
  SUPERUSER: { read: ['allowed', 'allowed'], create: ['allowed', 'allowed'], update: ['allowed', 'allowed'], delete: ['allowed', 'allowed'] },
  PLATFORM_MANAGER: { read: ['allowed', 'allowed'], create: ['allowed', 'allowed'], update: ['allowed', 'allowed'], delete: [403, 403] },
  PLATFORM_SALES: { read: ['allowed', 404], create: ['allowed', 403], update: ['allowed', 404], delete: [403, 403] },
  PLATFORM_SUPPORT: { read: [403, 403], create: [403, 403], update: [403, 403], delete: [403, 403] },
  TENANT_OWNER: { read: [403, 403], create: [403, 403], update: [403, 403], delete: [403, 403] },
  TENANT_MANAGER: { read: [403, 403], create: [403, 403], update: [403, 403], delete: [403, 403] },
  TENANT_STAFF: { read: [403, 403], create: [403, 403], update: [403, 403], delete: [403, 403] },
  CUSTOMER: { read: [403, 403], create: [403, 403], update: [403, 403], delete: [403, 403] },
};

const cases = ROLES.flatMap((role) =>
  ACTIONS.flatMap((action) =>
    ([true, false] as const).map((isDemo) => ({ role, action, isDemo, expected: EXPECTED[role][action][isDemo ? 0 : 1] })),
  ),
);

describe('decideTenantManagement', () => {
  it('covers every role', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ROLES].sort());
  });

  it.each(cases)('$role $action on a demo=$isDemo tenant: $expected', ({ role, action, isDemo, expected }) => {
    const decision = decideTenantManagement({ role }, action, { isDemo });
    if (expected === 'allowed') expect(decision).toEqual({ allowed: true });
    else expect(decision).toMatchObject({ allowed: false, status: expected });
  });
});

describe('tenantListScope', () => {
  it.each(ROLES.map((role) => ({ role })))('$role', ({ role }) => {
    const expected = { SUPERUSER: {}, PLATFORM_MANAGER: {}, PLATFORM_SALES: { isDemo: true } }[role as string] ?? null;
    expect(tenantListScope({ role })).toEqual(expected);
  });
});

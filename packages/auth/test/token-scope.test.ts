import type { TenantContext } from '@smoothschedule/tenancy';
import { describe, expect, it } from 'vitest';
import { ROLES, isPlatformRole, type Role } from '../src/roles.ts';
import { hostScopeProblem } from '../src/token-scope.ts';

const tenant = (id: string, isDemo: boolean): TenantContext => ({
  id,
  name: id,
  schemaName: `t_${id}`,
  subscriptionTier: 'FREE',
  status: 'ACTIVE',
  isDemo,
  timezone: 'UTC',
});

const OWN = tenant('own', false);
const OTHER = tenant('other', false);
const DEMO = tenant('demo', true);

/** SPEC §3/§4: where each role's token counts. Tenant roles belong to OWN. */
const EXPECTED: Record<Role, { platform: boolean; own: boolean; other: boolean; demo: boolean }> = {
  SUPERUSER: { platform: true, own: true, other: true, demo: true },
  PLATFORM_MANAGER: { platform: true, own: true, other: true, demo: true },
  PLATFORM_SALES: { platform: true, own: false, other: false, demo: true },
  PLATFORM_SUPPORT: { platform: true, own: true, other: true, demo: true },
  TENANT_OWNER: { platform: false, own: true, other: false, demo: false },
  TENANT_MANAGER: { platform: false, own: true, other: false, demo: false },
  TENANT_STAFF: { platform: false, own: true, other: false, demo: false },
  CUSTOMER: { platform: false, own: true, other: false, demo: false },
};

describe('hostScopeProblem', () => {
  it.each(ROLES)('%s', (role) => {
    const user = { role, tenantId: isPlatformRole(role) ? null : OWN.id };
    const actual = {
      platform: hostScopeProblem(user, null) === null,
      own: hostScopeProblem(user, OWN) === null,
      other: hostScopeProblem(user, OTHER) === null,
      demo: hostScopeProblem(user, DEMO) === null,
    };
    expect(actual).toEqual(EXPECTED[role]);
  });

  it('refuses a tenant role without a tenant anywhere but the platform host', () => {
    expect(hostScopeProblem({ role: 'CUSTOMER', tenantId: null }, OWN)).toBe('tenant role without a tenant');
  });
});

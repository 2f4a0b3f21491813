/**
 * The user-management matrix of SPEC §3, written out by hand, cell by cell; the test compares every cell with
 * what the permission model answers. Nothing here is computed with the model's own rules.
 *
 * Each line is one target role; each column one place, and each column two letters: the target user not
 * temporary, then temporary.
 *   platform principals:  other tenant | demo tenant | platform
 *   tenant principals:    own tenant   | other tenant | demo tenant | platform
 * (The tenant principals' own tenant is not a demo tenant; "other" and "demo" are tenants other than their own.)
 *   Y allowed   F 403 (known, forbidden)   N 404 (outside the scope)   - no such user can exist (403)
 */
import { describe, expect, it } from 'vitest';
import { can, reachesTenant, TENANT_CAPABILITIES, type TenantCapability, type UserTarget } from '../src/permission-model.ts';
import type { Principal } from '../src/principal.ts';
import { Role } from '../src/roles.ts';

type Grid = Record<Role, string>;
type Action = 'read' | 'create' | 'update' | 'delete';

const SUPERUSER_GRID: Grid = {
  SUPERUSER:        '-- -- YY',
  PLATFORM_MANAGER: '-- -- YY',
  PLATFORM_SALES:   '-- -- YY',
  PLATFORM_SUPPORT: '-- -- YY',
  TENANT_OWNER:     'YY YY --',
  TENANT_MANAGER:   'YY YY --',
  TENANT_STAFF:     'YY YY --',
  CUSTOMER:         'YY YY --',
};
const MANAGER_MANAGES: Grid = {
  SUPERUSER:        '-- -- FF',
  PLATFORM_MANAGER: '-- -- FF',
  PLATFORM_SALES:   '-- -- YY',
  PLATFORM_SUPPORT: '-- -- YY',
  TENANT_OWNER:     'YY YY --',
  TENANT_MANAGER:   'YY YY --',
  TENANT_STAFF:     'YY YY --',
  CUSTOMER:         'YY YY --',
};
const SALES_READS: Grid = {
  SUPERUSER:        '-- -- NY',
  PLATFORM_MANAGER: '-- -- NY',
  PLATFORM_SALES:   '-- -- NY',
  PLATFORM_SUPPORT: '-- -- NY',
  TENANT_OWNER:     'NY YY --',
  TENANT_MANAGER:   'NY YY --',
  TENANT_STAFF:     'NY YY --',
  CUSTOMER:         'NY YY --',
};
const SALES_CREATES: Grid = {
  SUPERUSER:        '-- -- NN',
  PLATFORM_MANAGER: '-- -- NN',
  PLATFORM_SALES:   '-- -- NN',
  PLATFORM_SUPPORT: '-- -- NN',
  TENANT_OWNER:     'NN YY --',
  TENANT_MANAGER:   'NN YY --',
  TENANT_STAFF:     'NN YY --',
  CUSTOMER:         'NN YY --',
};
const SALES_CHANGES: Grid = {
  SUPERUSER:        '-- -- NF',
  PLATFORM_MANAGER: '-- -- NF',
  PLATFORM_SALES:   '-- -- NF',
  PLATFORM_SUPPORT: '-- -- NF',
  TENANT_OWNER:     'NY YY --',
  TENANT_MANAGER:   'NY YY --',
  TENANT_STAFF:     'NY YY --',
  CUSTOMER:         'NY YY --',
};
const SUPPORT_READS: Grid = {
  SUPERUSER:        '-- -- NN',
  PLATFORM_MANAGER: '-- -- NN',
  PLATFORM_SALES:   '-- -- NN',
  PLATFORM_SUPPORT: '-- -- NN',
  TENANT_OWNER:     'YY YY --',
  TENANT_MANAGER:   'YY YY --',
  TENANT_STAFF:     'YY YY --',
  CUSTOMER:         'YY YY --',
};
const SUPPORT_MANAGES: Grid = {
  SUPERUSER:        '-- -- NN',
  PLATFORM_MANAGER: '-- -- NN',
  PLATFORM_SALES:   '-- -- NN',
  PLATFORM_SUPPORT: '-- -- NN',
  TENANT_OWNER:     'FF FF --',
  TENANT_MANAGER:   'FF FF --',
  TENANT_STAFF:     'FF FF --',
  CUSTOMER:         'FF FF --',
};
const OWNER_READS: Grid = {
  SUPERUSER:        '-- -- -- NN',
  PLATFORM_MANAGER: '-- -- -- NN',
  PLATFORM_SALES:   '-- -- -- NN',
  PLATFORM_SUPPORT: '-- -- -- NN',
  TENANT_OWNER:     'YY NN NN --',
  TENANT_MANAGER:   'YY NN NN --',
  TENANT_STAFF:     'YY NN NN --',
  CUSTOMER:         'YY NN NN --',
};
const OWNER_MANAGES: Grid = {
  SUPERUSER:        '-- -- -- NN',
  PLATFORM_MANAGER: '-- -- -- NN',
  PLATFORM_SALES:   '-- -- -- NN',
  PLATFORM_SUPPORT: '-- -- -- NN',
  TENANT_OWNER:     'FF NN NN --',
  TENANT_MANAGER:   'YY NN NN --',
  TENANT_STAFF:     'YY NN NN --',
  CUSTOMER:         'YY NN NN --',
};
const TENANT_MANAGER_MANAGES: Grid = {
  SUPERUSER:        '-- -- -- NN',
  PLATFORM_MANAGER: '-- -- -- NN',
  PLATFORM_SALES:   '-- -- -- NN',
  PLATFORM_SUPPORT: '-- -- -- NN',
  TENANT_OWNER:     'FF NN NN --',
  TENANT_MANAGER:   'FF NN NN --',
  TENANT_STAFF:     'YY NN NN --',
  CUSTOMER:         'YY NN NN --',
};
const STAFF_ANY: Grid = {
  SUPERUSER:        '-- -- -- NN',
  PLATFORM_MANAGER: '-- -- -- NN',
  PLATFORM_SALES:   '-- -- -- NN',
  PLATFORM_SUPPORT: '-- -- -- NN',
  TENANT_OWNER:     'FF NN NN --',
  TENANT_MANAGER:   'FF NN NN --',
  TENANT_STAFF:     'FF NN NN --',
  CUSTOMER:         'FF NN NN --',
};
const CUSTOMER_ANY: Grid = {
  SUPERUSER:        '-- -- -- NN',
  PLATFORM_MANAGER: '-- -- -- NN',
  PLATFORM_SALES:   '-- -- -- NN',
  PLATFORM_SUPPORT: '-- -- -- NN',
  TENANT_OWNER:     'NN NN NN --',
  TENANT_MANAGER:   'NN NN NN --',
  TENANT_STAFF:     'NN NN NN --',
  CUSTOMER:         'NN NN NN --',
};

const MATRIX: Record<Role, Record<Action, Grid>> = {
  SUPERUSER: { read: SUPERUSER_GRID, create: SUPERUSER_GRID, update: SUPERUSER_GRID, delete: SUPERUSER_GRID },
  PLATFORM_MANAGER: { read: SUPERUSER_GRID, create: MANAGER_MANAGES, update: MANAGER_MANAGES, delete: MANAGER_MANAGES },
  PLATFORM_SALES: { read: SALES_READS, create: SALES_CREATES, update: SALES_CHANGES, delete: SALES_CHANGES },
  PLATFORM_SUPPORT: { read: SUPPORT_READS, create: SUPPORT_MANAGES, update: SUPPORT_MANAGES, delete: SUPPORT_MANAGES },
  TENANT_OWNER: { read: OWNER_READS, create: OWNER_MANAGES, update: OWNER_MANAGES, delete: OWNER_MANAGES },
  TENANT_MANAGER: { read: OWNER_READS, create: TENANT_MANAGER_MANAGES, update: TENANT_MANAGER_MANAGES, delete: TENANT_MANAGER_MANAGES },
  TENANT_STAFF: { read: STAFF_ANY, create: STAFF_ANY, update: STAFF_ANY, delete: STAFF_ANY },
  CUSTOMER: { read: CUSTOMER_ANY, create: CUSTOMER_ANY, update: CUSTOMER_ANY, delete: CUSTOMER_ANY },
};

const OWN_TENANT = '00000000-0000-4000-8000-00000000000a';
const OTHER_TENANT = '00000000-0000-4000-8000-00000000000b';
const DEMO_TENANT = '00000000-0000-4000-8000-00000000000d';
const PRINCIPAL_ID = '00000000-0000-4000-8000-000000000001';
const TARGET_ID = '00000000-0000-4000-8000-000000000002';

type Place = 'own' | 'other' | 'demo' | 'platform';
const PLACE_OF: Record<Place, { tenantId: string | null; tenantIsDemo: boolean }> = {
  own: { tenantId: OWN_TENANT, tenantIsDemo: false },
  other: { tenantId: OTHER_TENANT, tenantIsDemo: false },
  demo: { tenantId: DEMO_TENANT, tenantIsDemo: true },
  platform: { tenantId: null, tenantIsDemo: false },
};
const PLATFORM_PRINCIPALS: readonly Role[] = ['SUPERUSER', 'PLATFORM_MANAGER', 'PLATFORM_SALES', 'PLATFORM_SUPPORT'];

function principal(role: Role, tenantId: string | null = PLATFORM_PRINCIPALS.includes(role) ? null : OWN_TENANT): Principal {
  return { userId: PRINCIPAL_ID, email: 'me@example.com', role, tenantId, isTemporary: false, sessionId: 'session' };
}

function target(role: Role, place: Place, isTemporary = false, userId: string | undefined = TARGET_ID): UserTarget {
  return { userId, role, isTemporary, ...PLACE_OF[place] };
}

const EXPECTED_STATUS = { Y: null, F: 403, N: 404, '-': 403 } as const;

interface Cell {
  principalRole: Role;
  action: Action;
  targetRole: Role;
  place: Place;
  isTemporary: boolean;
  letter: keyof typeof EXPECTED_STATUS;
}

function cells(): Cell[] {
  const out: Cell[] = [];
  for (const [principalRole, actions] of Object.entries(MATRIX) as Array<[Role, Record<Action, Grid>]>) {
    const places: Place[] = PLATFORM_PRINCIPALS.includes(principalRole) ? ['other', 'demo', 'platform'] : ['own', 'other', 'demo', 'platform'];
    for (const [action, grid] of Object.entries(actions) as Array<[Action, Grid]>) {
      for (const [targetRole, line] of Object.entries(grid) as Array<[Role, string]>) {
        const columns = line.split(' ');
        expect(columns).toHaveLength(places.length);
        places.forEach((place, index) => {
          const pair = columns[index]!;
          expect(pair).toMatch(/^[YFN-]{2}$/);
          out.push({ principalRole, action, targetRole, place, isTemporary: false, letter: pair[0] as Cell['letter'] });
          out.push({ principalRole, action, targetRole, place, isTemporary: true, letter: pair[1] as Cell['letter'] });
        });
      }
    }
  }
  return out;
}

describe('the user-management matrix (SPEC §3)', () => {
  const all = cells();

  it('covers every role × action × target role × place × temporary', () => {
    // 4 platform principals × 4 actions × 8 target roles × 3 places × 2, and 4 tenant principals with 4 places.
    expect(all).toHaveLength(4 * 4 * 8 * 3 * 2 + 4 * 4 * 8 * 4 * 2);
    expect(new Set(all.map((cell) => cell.principalRole)).size).toBe(8);
  });

  it.each(all.map((cell) => [
    `${cell.principalRole} ${cell.action} ${cell.targetRole} in ${cell.place}${cell.isTemporary ? ' (temporary)' : ''} → ${cell.letter}`,
    cell,
  ] as const))('%s', (_name, cell) => {
    const decision = can(principal(cell.principalRole), `users.${cell.action}`, target(cell.targetRole, cell.place, cell.isTemporary, cell.action === 'create' ? undefined : TARGET_ID));
    const status = EXPECTED_STATUS[cell.letter];
    if (status === null) {
      expect(decision).toEqual({ allowed: true });
    } else {
      expect(decision).toMatchObject({ allowed: false, status });
      if (cell.letter === '-') expect(decision).toMatchObject({ reason: 'No such user can exist' });
    }
  });
});

describe('named rules', () => {
  it.each(Object.keys(MATRIX) as Role[])('%s may read themselves', (role) => {
    const me = principal(role);
    const place: Place = me.tenantId ? 'own' : 'platform';
    expect(can(me, 'users.read', target(role, place, false, PRINCIPAL_ID))).toEqual({ allowed: true });
    // Reading oneself is no licence to change oneself: rank is strictly lower, except for a superuser.
    const update = can(me, 'users.update', target(role, place, false, PRINCIPAL_ID));
    expect(update.allowed).toBe(role === 'SUPERUSER');
  });

  it('only a superuser creates a superuser', () => {
    for (const role of Object.keys(MATRIX) as Role[]) {
      const decision = can(principal(role), 'users.create', target('SUPERUSER', 'platform', false, undefined));
      expect(decision.allowed).toBe(role === 'SUPERUSER');
    }
    expect(can(principal('PLATFORM_MANAGER'), 'users.create', target('SUPERUSER', 'platform', false, undefined)))
      .toEqual({ allowed: false, status: 403, reason: 'Only a superuser manages superusers' });
  });

  it('a superuser manages other superusers', () => {
    for (const action of ['update', 'delete'] as const) {
      expect(can(principal('SUPERUSER'), `users.${action}`, target('SUPERUSER', 'platform'))).toEqual({ allowed: true });
    }
  });

  it('equal rank is not lower: sales and support do not manage each other, owners not owners', () => {
    expect(can(principal('PLATFORM_SALES'), 'users.update', target('PLATFORM_SUPPORT', 'platform', true)))
      .toMatchObject({ allowed: false, status: 403 });
    expect(can(principal('TENANT_OWNER'), 'users.delete', target('TENANT_OWNER', 'own')))
      .toEqual({ allowed: false, status: 403, reason: 'You manage only users ranked below TENANT_OWNER' });
  });

  it('another tenant answers 404 whatever the action, so existence does not leak', () => {
    for (const action of ['read', 'create', 'update', 'delete'] as const) {
      expect(can(principal('TENANT_OWNER'), `users.${action}`, target('CUSTOMER', 'other')))
        .toEqual({ allowed: false, status: 404, reason: 'The user is outside your scope' });
    }
  });

  it('sales reach temporary users anywhere but create users only in demo tenants', () => {
    expect(can(principal('PLATFORM_SALES'), 'users.delete', target('TENANT_OWNER', 'other', true))).toEqual({ allowed: true });
    expect(can(principal('PLATFORM_SALES'), 'users.create', target('TENANT_OWNER', 'other', true, undefined)))
      .toEqual({ allowed: false, status: 404, reason: 'Sales create users only in demo tenants' });
    expect(can(principal('PLATFORM_SALES'), 'users.create', target('TENANT_OWNER', 'demo', false, undefined))).toEqual({ allowed: true });
  });

  it('support read tenant users and change nothing', () => {
    expect(can(principal('PLATFORM_SUPPORT'), 'users.read', target('TENANT_OWNER', 'other'))).toEqual({ allowed: true });
    expect(can(principal('PLATFORM_SUPPORT'), 'users.update', target('CUSTOMER', 'other')))
      .toEqual({ allowed: false, status: 403, reason: 'Your role does not manage users' });
  });

  it('staff see colleagues exist (403) while customers see no one but themselves (404)', () => {
    expect(can(principal('TENANT_STAFF'), 'users.read', target('CUSTOMER', 'own')))
      .toEqual({ allowed: false, status: 403, reason: 'You may read only yourself' });
    expect(can(principal('CUSTOMER'), 'users.read', target('CUSTOMER', 'own'))).toMatchObject({ allowed: false, status: 404 });
  });

  it('refuses a user that cannot exist, even to a superuser', () => {
    expect(can(principal('SUPERUSER'), 'users.create', target('TENANT_STAFF', 'platform', false, undefined)))
      .toEqual({ allowed: false, status: 403, reason: 'No such user can exist' });
    expect(can(principal('SUPERUSER'), 'users.create', target('PLATFORM_SALES', 'demo', false, undefined)))
      .toEqual({ allowed: false, status: 403, reason: 'No such user can exist' });
  });
});

describe('tenant capabilities', () => {
  // Written out: who holds each capability (in a tenant their role reaches).
  const HOLDERS: Record<TenantCapability, Role[]> = {
    'tenant.settings': ['SUPERUSER', 'PLATFORM_MANAGER', 'PLATFORM_SALES', 'TENANT_OWNER'],
    'billing.view': ['SUPERUSER', 'PLATFORM_MANAGER', 'TENANT_OWNER'],
    'billing.manage': ['SUPERUSER', 'TENANT_OWNER'],
    'plugins.manage': ['TENANT_OWNER', 'TENANT_MANAGER'],
    'plugins.read': ['SUPERUSER', 'PLATFORM_MANAGER', 'PLATFORM_SALES', 'PLATFORM_SUPPORT', 'TENANT_OWNER', 'TENANT_MANAGER', 'TENANT_STAFF'],
    'resources.manage': ['SUPERUSER', 'PLATFORM_MANAGER', 'PLATFORM_SALES', 'TENANT_OWNER', 'TENANT_MANAGER'],
    'services.manage': ['SUPERUSER', 'PLATFORM_MANAGER', 'PLATFORM_SALES', 'TENANT_OWNER', 'TENANT_MANAGER'],
    'customers.manage': ['SUPERUSER', 'PLATFORM_MANAGER', 'PLATFORM_SALES', 'TENANT_OWNER', 'TENANT_MANAGER'],
    'customers.export': ['SUPERUSER', 'TENANT_OWNER'],
    'appointments.manage': ['SUPERUSER', 'PLATFORM_MANAGER', 'PLATFORM_SALES', 'TENANT_OWNER', 'TENANT_MANAGER'],
    'appointments.delete': ['SUPERUSER', 'TENANT_OWNER', 'TENANT_MANAGER'],
    'schedule.read': ['SUPERUSER', 'PLATFORM_MANAGER', 'PLATFORM_SALES', 'PLATFORM_SUPPORT', 'TENANT_OWNER', 'TENANT_MANAGER', 'TENANT_STAFF'],
    'appointments.manage-own': ['TENANT_STAFF'],
    'blockers.manage-own': ['TENANT_OWNER', 'TENANT_MANAGER', 'TENANT_STAFF'],
    'bookings.manage-own': ['CUSTOMER'],
  };
  const ROLES = Object.keys(MATRIX) as Role[];

  it('the table names exactly the capabilities written out here', () => {
    expect(Object.keys(TENANT_CAPABILITIES).sort()).toEqual(Object.keys(HOLDERS).sort());
  });

  // Demo tenant: every role reaches it (tenant principals are placed in it), so the answer is 200 or 403.
  it.each(Object.entries(HOLDERS).flatMap(([capability, holders]) =>
    ROLES.map((role) => [capability as TenantCapability, role, holders.includes(role)] as const),
  ))('%s for %s inside reach: allowed %s', (capability, role, allowed) => {
    const me = principal(role, PLATFORM_PRINCIPALS.includes(role) ? null : DEMO_TENANT);
    const decision = can(me, capability, { tenantId: DEMO_TENANT, tenantIsDemo: true });
    expect(decision).toEqual(allowed ? { allowed: true } : { allowed: false, status: 403, reason: `${role} may not use ${capability}` });
  });

  it.each([
    ['SUPERUSER', true, true],
    ['PLATFORM_MANAGER', true, true],
    ['PLATFORM_SUPPORT', true, true],
    ['PLATFORM_SALES', false, true],
    ['TENANT_OWNER', false, false],
    ['TENANT_MANAGER', false, false],
    ['TENANT_STAFF', false, false],
    ['CUSTOMER', false, false],
  ] as const)('%s reaches another ordinary tenant: %s, another demo tenant: %s', (role, ordinary, demo) => {
    expect(reachesTenant(principal(role), { tenantId: OTHER_TENANT, tenantIsDemo: false })).toBe(ordinary);
    expect(reachesTenant(principal(role), { tenantId: DEMO_TENANT, tenantIsDemo: true })).toBe(demo);
    expect(reachesTenant(principal(role), { tenantId: OWN_TENANT, tenantIsDemo: false })).toBe(ordinary || !PLATFORM_PRINCIPALS.includes(role));
  });

  it('outside reach answers 404 even for a capability the role holds', () => {
    expect(can(principal('TENANT_OWNER'), 'billing.manage', { tenantId: OTHER_TENANT, tenantIsDemo: false }))
      .toEqual({ allowed: false, status: 404, reason: 'The tenant is outside your scope' });
    expect(can(principal('PLATFORM_SALES'), 'resources.manage', { tenantId: OTHER_TENANT, tenantIsDemo: false }))
      .toMatchObject({ allowed: false, status: 404 });
  });
});

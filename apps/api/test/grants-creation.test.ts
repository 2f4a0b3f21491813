/**
 * Who may grant what to whom (SPEC §6), over HTTP: every grantor role × grantee × action, written out by hand, and
 * the named rules one by one. Every attempt leaves exactly one audit row (GRANT_CREATED or GRANT_DENIED) and one
 * security-log line (grant.created or grant.denied).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createGrant, createGrantsWorld, grant, trailOf, type GrantsWorld, type Member } from './grants-test-support.ts';
import { startMasquerade } from './masquerade-test-support.ts';

let world: GrantsWorld;

beforeAll(async () => {
  world = await createGrantsWorld();
});

afterAll(async () => {
  await world?.close();
});

const ACTIONS = ['view_billing', 'manage_billing', 'export_customer_data', 'manage_users', 'delete_appointments'] as const;

/**
 * One line per grantee, one letter per action in the order of ACTIONS:
 *   Y 201   R 403 role may not grant   S 403 self   G 403 grantee of the wrong kind   N 404 no such user (for them)
 *   L 403 the grantor does not hold the action by role
 * Platform grantors grant for every tenant (no tenantId); owners for their own tenant.
 */
type Grid = Partial<Record<Member, string>>;
const GRANTEES: Member[] = ['root', 'pm', 'pm2', 'sales', 'support', 'ownerA', 'managerA', 'staffA', 'customerA', 'staffB'];
const REFUSES_ALL: Grid = Object.fromEntries(GRANTEES.map((grantee) => [grantee, 'RRRRR']));

const MATRIX: Partial<Record<Member, Grid>> = {
  root: {
    root: 'SSSSS', pm: 'YYYYY', pm2: 'YYYYY', sales: 'YYYYY', support: 'YYYYY',
    ownerA: 'GGGGG', managerA: 'GGGGG', staffA: 'GGGGG', customerA: 'GGGGG', staffB: 'GGGGG',
  },
  pm: {
    root: 'YLLYL', pm: 'SSSSS', pm2: 'YLLYL', sales: 'YLLYL', support: 'YLLYL',
    ownerA: 'GGGGG', managerA: 'GGGGG', staffA: 'GGGGG', customerA: 'GGGGG', staffB: 'GGGGG',
  },
  sales: REFUSES_ALL,
  support: REFUSES_ALL,
  ownerA: {
    root: 'NNNNN', pm: 'NNNNN', pm2: 'NNNNN', sales: 'NNNNN', support: 'NNNNN',
    ownerA: 'SSSSS', managerA: 'YYYYY', staffA: 'YYYYY', customerA: 'GGGGG', staffB: 'NNNNN',
  },
  managerA: REFUSES_ALL,
  staffA: REFUSES_ALL,
  customerA: REFUSES_ALL,
};

const OUTCOME = {
  Y: { status: 201, code: null, rule: null },
  R: { status: 403, code: 'GRANT_FORBIDDEN', rule: 'role-may-not-grant' },
  S: { status: 403, code: 'GRANT_FORBIDDEN', rule: 'self-grant' },
  G: { status: 403, code: 'GRANT_FORBIDDEN', rule: 'grantee-role' },
  N: { status: 404, code: 'USER_NOT_FOUND', rule: 'grantee-not-found' },
  L: { status: 403, code: 'GRANT_FORBIDDEN', rule: 'grantor-lacks-action' },
} as const;

const cells = Object.entries(MATRIX).flatMap(([grantor, grid]) =>
  GRANTEES.flatMap((grantee) => {
    const line = grid![grantee]!;
    return ACTIONS.map((action, index) => ({ grantor: grantor as Member, grantee, action, letter: line[index] as keyof typeof OUTCOME }));
  }),
);

describe('the grant matrix', () => {
  it('covers every grantor × grantee × action', () => {
    expect(cells).toHaveLength(8 * GRANTEES.length * ACTIONS.length);
    expect(cells.every((cell) => cell.letter in OUTCOME)).toBe(true);
  });

  it.each(cells.map((cell) => [`${cell.grantor} grants ${cell.action} to ${cell.grantee} → ${cell.letter}`, cell] as const))(
    '%s',
    async (_name, { grantor, grantee, action, letter }) => {
      const expected = OUTCOME[letter];
      let response!: Awaited<ReturnType<typeof createGrant>>;
      const { rows, lines } = await trailOf(world, async () => {
        response = await createGrant(world, grantor, { granteeId: world.ids[grantee], action });
      });
      expect(response.statusCode, response.body).toBe(expected.status);
      expect(rows).toHaveLength(1);
      expect(lines).toHaveLength(1);
      if (expected.code === null) {
        const body = response.json();
        expect(body).toMatchObject({ granteeId: world.ids[grantee], grantorId: world.ids[grantor], action, status: 'ACTIVE' });
        expect(rows[0]).toMatchObject({ action: 'GRANT_CREATED', actorId: world.ids[grantor], targetId: world.ids[grantee] });
        expect(lines[0]).toMatchObject({ event: 'grant.created', userId: world.ids[grantor], grantId: body.id, action });
        // Revoked at once, so that no later cell sees this grant.
        await world.fixture.database.shared.permissionGrant.update({ where: { id: body.id }, data: { revokedAt: new Date() } });
      } else {
        expect(response.json().error.code).toBe(expected.code);
        expect(rows[0]).toMatchObject({ action: 'GRANT_DENIED', actorId: world.ids[grantor], details: expect.objectContaining({ rule: expected.rule, grantAction: action }) });
        expect(lines[0]).toMatchObject({ event: 'grant.denied', userId: world.ids[grantor], rule: expected.rule, action });
        expect(await world.fixture.database.shared.permissionGrant.count({ where: { grantorId: world.ids[grantor], granteeId: world.ids[grantee], action, revokedAt: null } })).toBe(0);
      }
    },
  );
});

/** One attempt: its answer, and that it left one GRANT_DENIED row and one grant.denied line naming `rule`. */
async function expectDenied(grantor: Member, body: Parameters<typeof createGrant>[2], status: number, code: string, rule: string) {
  let response!: Awaited<ReturnType<typeof createGrant>>;
  const { rows, lines } = await trailOf(world, async () => {
    response = await createGrant(world, grantor, body);
  });
  expect(response.statusCode, response.body).toBe(status);
  expect(response.json().error.code).toBe(code);
  expect(rows.map((row) => [row.action, (row.details as { rule?: string }).rule])).toEqual([['GRANT_DENIED', rule]]);
  expect(lines.map((line) => [line.event, line.rule])).toEqual([['grant.denied', rule]]);
}

describe('the named rules over HTTP', () => {
  it('a grantee cannot re-grant what they hold only through a grant, in that tenant or everywhere', async () => {
    // PLATFORM_MANAGER does not hold manage_billing by role; root grants it for tenant A.
    await grant(world, 'root', { granteeId: world.ids.pm, action: 'manage_billing', tenantId: world.tenants.a });
    await expectDenied('pm', { granteeId: world.ids.support, action: 'manage_billing', tenantId: world.tenants.a }, 403, 'GRANT_FORBIDDEN', 're-grant');
    // A grant for tenant A is no holding in every tenant either.
    await expectDenied('pm', { granteeId: world.ids.support, action: 'manage_billing' }, 403, 'GRANT_FORBIDDEN', 'grantor-lacks-action');
    await grant(world, 'root', { granteeId: world.ids.pm, action: 'export_customer_data' });
    await expectDenied('pm', { granteeId: world.ids.support, action: 'export_customer_data', tenantId: world.tenants.b }, 403, 'GRANT_FORBIDDEN', 're-grant');
  });

  it('a grant lasts 30 minutes by default and at most PERMISSION_GRANT_MAX_MINUTES (400 above)', async () => {
    const made = await grant(world, 'ownerA', { granteeId: world.ids.staffA, action: 'view_billing' });
    expect(Date.parse(made.expiresAt) - Date.parse(made.createdAt)).toBe(30 * 60_000);
    const longest = await grant(world, 'ownerA', { granteeId: world.ids.staffA, action: 'view_billing', durationMinutes: 30 });
    expect(Date.parse(longest.expiresAt) - Date.parse(longest.createdAt)).toBe(30 * 60_000);
    const short = await grant(world, 'ownerA', { granteeId: world.ids.staffA, action: 'view_billing', durationMinutes: 5 });
    expect(Date.parse(short.expiresAt) - Date.parse(short.createdAt)).toBe(5 * 60_000);
    await expectDenied('ownerA', { granteeId: world.ids.staffA, action: 'view_billing', durationMinutes: 31 }, 400, 'GRANT_DURATION_TOO_LONG', 'duration-over-max');
    await expectDenied('root', { granteeId: world.ids.support, action: 'view_billing', durationMinutes: 400 }, 400, 'GRANT_DURATION_TOO_LONG', 'duration-over-max');
  });

  it('a tenant owner grants only within their tenant: another tenant or every tenant is refused; theirs is the default', async () => {
    await expectDenied('ownerA', { granteeId: world.ids.staffA, action: 'view_billing', tenantId: world.tenants.b }, 403, 'GRANT_FORBIDDEN', 'owner-other-tenant');
    await expectDenied('ownerA', { granteeId: world.ids.staffA, action: 'view_billing', tenantId: null }, 403, 'GRANT_FORBIDDEN', 'owner-other-tenant');
    const explicit = await grant(world, 'ownerA', { granteeId: world.ids.staffA, action: 'view_billing', tenantId: world.tenants.a });
    expect(explicit).toMatchObject({ tenantId: world.tenants.a });
    const implicit = await grant(world, 'ownerA', { granteeId: world.ids.managerA, action: 'view_billing' });
    expect(implicit).toMatchObject({ tenantId: world.tenants.a });
  });

  it('a platform grant names an existing tenant or none (every tenant)', async () => {
    await expectDenied('root', { granteeId: world.ids.support, action: 'view_billing', tenantId: '00000000-0000-4000-8000-000000000999' }, 404, 'TENANT_NOT_FOUND', 'tenant-not-found');
    expect(await grant(world, 'root', { granteeId: world.ids.support, action: 'view_billing' })).toMatchObject({ tenantId: null });
  });

  it('an unknown grantee is 404, an inactive one 403', async () => {
    await expectDenied('root', { granteeId: '00000000-0000-4000-8000-000000000998', action: 'view_billing' }, 404, 'USER_NOT_FOUND', 'grantee-not-found');
    await world.fixture.database.shared.user.update({ where: { id: world.ids.pm2 }, data: { isActive: false } });
    try {
      await expectDenied('root', { granteeId: world.ids.pm2, action: 'view_billing' }, 403, 'GRANT_FORBIDDEN', 'grantee-inactive');
    } finally {
      await world.fixture.database.shared.user.update({ where: { id: world.ids.pm2 }, data: { isActive: true } });
    }
  });

  it('the audit row of a creation names grantor, grantee, scope, reason and expiry', async () => {
    let body!: { id: string; expiresAt: string };
    const { rows } = await trailOf(world, async () => {
      body = await grant(world, 'root', { granteeId: world.ids.support, action: 'view_billing', tenantId: world.tenants.b, reason: 'billing dispute #7', durationMinutes: 10 });
    });
    expect(rows).toMatchObject([{
      action: 'GRANT_CREATED', actorEmail: 'root@grants.test', targetEmail: 'support@grants.test', tenantId: world.tenants.b,
      reason: 'billing dispute #7', details: { grantId: body.id, grantAction: 'view_billing', grantTenantId: world.tenants.b, durationMinutes: 10, expiresAt: body.expiresAt },
    }]);
  });
});

describe('while masquerading', () => {
  it('creating and revoking grants are refused with BLOCKED_WHILE_MASQUERADING, and the creation is audited', async () => {
    const started = await startMasquerade(world.app, 'alpha.api.test', world.tokens.root, { userId: world.ids.ownerA, reason: 'check' });
    expect(started.statusCode, started.body).toBe(200);
    const token = started.json<{ accessToken: string }>().accessToken;
    const existing = await grant(world, 'ownerA', { granteeId: world.ids.staffA, action: 'manage_users' });
    const post = (url: string, payload: object) =>
      world.app.inject({ method: 'POST', url, headers: { host: 'alpha.api.test', authorization: `Bearer ${token}` }, payload });

    let created!: Awaited<ReturnType<typeof post>>;
    const { rows, lines } = await trailOf(world, async () => {
      created = await post('/api/grants', { granteeId: world.ids.managerA, action: 'view_billing', reason: 'as the owner' });
    });
    expect(created.statusCode).toBe(403);
    expect(created.json().error.code).toBe('BLOCKED_WHILE_MASQUERADING');
    expect(rows).toMatchObject([{ action: 'GRANT_DENIED', actorId: world.ids.root, details: { rule: 'masquerading', masqueradingAs: world.ids.ownerA } }]);
    expect(lines.map((line) => line.event)).toEqual(['grant.denied', 'permission.denied']);

    for (const [url, payload] of [[`/api/grants/${existing.id}/revoke`, {}], ['/api/grants/revoke', { ids: [existing.id] }]] as const) {
      const response = await post(url, payload);
      expect(response.statusCode, url).toBe(403);
      expect(response.json().error.code).toBe('BLOCKED_WHILE_MASQUERADING');
    }
    expect((await as(world, 'ownerA', 'GET', `/api/grants/${existing.id}`)).json()).toMatchObject({ status: 'ACTIVE' });
    expect(await world.fixture.database.shared.permissionGrant.count({ where: { granteeId: world.ids.managerA, grantorId: world.ids.ownerA, action: 'view_billing', reason: 'as the owner' } })).toBe(0);
  });
});

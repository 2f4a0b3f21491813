/**
 * /api/grants: listing with status filters at a moved clock, who sees which grants, who revokes, idempotent and
 * all-or-nothing revocation, another tenant's grant as 404, and bad input on every route (400, nothing written).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { as, auditCount, createGrantsWorld, grant, type GrantsWorld, type Member } from './grants-test-support.ts';

let world: GrantsWorld;
const g: Record<string, { id: string; expiresAt: string }> = {};

beforeAll(async () => {
  world = await createGrantsWorld();
  g.platformLong = await grant(world, 'root', { granteeId: world.ids.support, action: 'view_billing', durationMinutes: 30 });
  g.platformShort = await grant(world, 'pm', { granteeId: world.ids.sales, action: 'manage_users', durationMinutes: 10 });
  g.alpha = await grant(world, 'ownerA', { granteeId: world.ids.staffA, action: 'export_customer_data', durationMinutes: 20 });
  g.alphaRevoked = await grant(world, 'ownerA', { granteeId: world.ids.managerA, action: 'view_billing' });
  g.beta = await grant(world, 'ownerB', { granteeId: world.ids.staffB, action: 'manage_billing' });
  expect((await as(world, 'ownerA', 'POST', `/api/grants/${g.alphaRevoked.id}/revoke`)).statusCode).toBe(200);
});

afterEach(() => world.clock.reset());

afterAll(async () => {
  await world?.close();
});

const idsOf = (response: Awaited<ReturnType<typeof as>>) => {
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().grants as Array<{ id: string }>).map((item) => item.id).sort();
};
const sorted = (...keys: string[]) => keys.map((key) => g[key]!.id).sort();

describe('GET /api/grants', () => {
  it('filters by status with the clock: ACTIVE, EXPIRED and REVOKED move as time does', async () => {
    expect(idsOf(await as(world, 'root', 'GET', '/api/grants?status=ACTIVE'))).toEqual(sorted('platformLong', 'platformShort', 'alpha', 'beta'));
    expect(idsOf(await as(world, 'root', 'GET', '/api/grants?status=REVOKED'))).toEqual(sorted('alphaRevoked'));
    expect(idsOf(await as(world, 'root', 'GET', '/api/grants?status=EXPIRED'))).toEqual([]);
    world.clock.advanceMinutes(15);
    expect(idsOf(await as(world, 'root', 'GET', '/api/grants?status=ACTIVE'))).toEqual(sorted('platformLong', 'alpha', 'beta'));
    expect(idsOf(await as(world, 'root', 'GET', '/api/grants?status=EXPIRED'))).toEqual(sorted('platformShort'));
    world.clock.advanceMinutes(10);
    expect(idsOf(await as(world, 'root', 'GET', '/api/grants?status=EXPIRED'))).toEqual(sorted('platformShort', 'alpha'));
    const one = await as(world, 'root', 'GET', `/api/grants/${g.alpha!.id}`);
    expect(one.json()).toMatchObject({ status: 'EXPIRED' });
    world.clock.advanceMinutes(10);
    expect(idsOf(await as(world, 'root', 'GET', '/api/grants?status=ACTIVE'))).toEqual([]);
    expect(idsOf(await as(world, 'root', 'GET', '/api/grants?status=REVOKED'))).toEqual(sorted('alphaRevoked'));
  });

  it('filters by grantee and action, and pages', async () => {
    expect(idsOf(await as(world, 'root', 'GET', `/api/grants?granteeId=${world.ids.staffA}`))).toEqual(sorted('alpha'));
    expect(idsOf(await as(world, 'root', 'GET', '/api/grants?action=view_billing'))).toEqual(sorted('platformLong', 'alphaRevoked'));
    const first = await as(world, 'root', 'GET', '/api/grants?limit=2&offset=0');
    const rest = await as(world, 'root', 'GET', '/api/grants?limit=2&offset=2');
    expect(first.json()).toMatchObject({ total: 5, limit: 2, offset: 0 });
    expect([...idsOf(first), ...idsOf(rest), ...idsOf(await as(world, 'root', 'GET', '/api/grants?limit=2&offset=4'))].sort())
      .toEqual(sorted('platformLong', 'platformShort', 'alpha', 'alphaRevoked', 'beta'));
  });

  // Written out: who sees which of the five grants.
  const VISIBLE: Array<[Member, string[]]> = [
    ['root', ['platformLong', 'platformShort', 'alpha', 'alphaRevoked', 'beta']],
    ['pm', ['platformLong', 'platformShort']],
    ['pm2', ['platformLong', 'platformShort']],
    ['support', ['platformLong']],
    ['sales', ['platformShort']],
    ['ownerA', ['alpha', 'alphaRevoked']],
    ['ownerB', ['beta']],
    ['managerA', ['alphaRevoked']],
    ['staffA', ['alpha']],
    ['customerA', []],
    ['staffB', ['beta']],
  ];

  it.each(VISIBLE)('%s sees exactly their grants, and another\'s answers 404', async (member, keys) => {
    expect(idsOf(await as(world, member, 'GET', '/api/grants'))).toEqual(sorted(...keys));
    for (const key of Object.keys(g)) {
      const response = await as(world, member, 'GET', `/api/grants/${g[key]!.id}`);
      expect(response.statusCode, `${member} ${key}`).toBe(keys.includes(key) ? 200 : 404);
      if (!keys.includes(key)) expect(response.json().error.code).toBe('GRANT_NOT_FOUND');
    }
  });
});

describe('revoking', () => {
  it('another tenant\'s grant answers 404 to revoke and bulk revoke, and nothing is revoked', async () => {
    const before = await auditCount(world.fixture.database);
    const single = await as(world, 'ownerB', 'POST', `/api/grants/${g.alpha!.id}/revoke`);
    expect(single.statusCode).toBe(404);
    expect(single.json().error.code).toBe('GRANT_NOT_FOUND');
    const bulk = await as(world, 'ownerB', 'POST', '/api/grants/revoke', { ids: [g.beta!.id, g.alpha!.id] });
    expect(bulk.statusCode).toBe(404);
    expect((await as(world, 'root', 'GET', `/api/grants/${g.beta!.id}`)).json().status).toBe('ACTIVE');
    expect(await auditCount(world.fixture.database)).toBe(before);
  });

  it('a visible grant the caller may not revoke is 403, in bulk too (all or nothing)', async () => {
    // pm2 sees grants to platform staff but revokes only their own.
    expect((await as(world, 'pm2', 'POST', `/api/grants/${g.platformLong!.id}/revoke`)).statusCode).toBe(403);
    // The grantee sees their grant but may not revoke it.
    expect((await as(world, 'staffA', 'POST', `/api/grants/${g.alpha!.id}/revoke`)).statusCode).toBe(403);
    const mine = await grant(world, 'pm2', { granteeId: world.ids.support, action: 'view_billing' });
    const bulk = await as(world, 'pm2', 'POST', '/api/grants/revoke', { ids: [mine.id, g.platformLong!.id] });
    expect(bulk.statusCode).toBe(403);
    expect((await as(world, 'root', 'GET', `/api/grants/${mine.id}`)).json().status).toBe('ACTIVE');
    const own = await as(world, 'pm2', 'POST', '/api/grants/revoke', { ids: [mine.id, mine.id] });
    expect(own.statusCode).toBe(200);
    expect(own.json().grants).toMatchObject([{ id: mine.id, status: 'REVOKED', revokedById: world.ids.pm2 }]);
  });

  it('revoking twice is idempotent: the same answer, one audit row', async () => {
    const made = await grant(world, 'ownerA', { granteeId: world.ids.managerA, action: 'delete_appointments' });
    const before = await auditCount(world.fixture.database);
    const first = await as(world, 'root', 'POST', `/api/grants/${made.id}/revoke`);
    const second = await as(world, 'ownerA', 'POST', `/api/grants/${made.id}/revoke`);
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect(first.json()).toMatchObject({ status: 'REVOKED', revokedById: world.ids.root });
    expect(await auditCount(world.fixture.database)).toBe(before + 1);
    const row = await world.fixture.database.shared.auditEvent.findFirst({ orderBy: { id: 'desc' } });
    expect(row).toMatchObject({ action: 'GRANT_REVOKED', actorId: world.ids.root, targetId: world.ids.managerA, details: { grantId: made.id, bulk: false } });
  });
});

describe('bad input and missing tokens', () => {
  const BAD: Array<[string, 'GET' | 'POST' | 'PATCH', string, unknown]> = [
    ['no reason', 'POST', '/api/grants', { granteeId: '00000000-0000-4000-8000-000000000001', action: 'view_billing' }],
    ['blank reason', 'POST', '/api/grants', { granteeId: '00000000-0000-4000-8000-000000000001', action: 'view_billing', reason: '   ' }],
    ['unknown action', 'POST', '/api/grants', { granteeId: '00000000-0000-4000-8000-000000000001', action: 'fly', reason: 'x' }],
    ['grantee not a uuid', 'POST', '/api/grants', { granteeId: 'bob', action: 'view_billing', reason: 'x' }],
    ['zero minutes', 'POST', '/api/grants', { granteeId: '00000000-0000-4000-8000-000000000001', action: 'view_billing', reason: 'x', durationMinutes: 0 }],
    ['fractional minutes', 'POST', '/api/grants', { granteeId: '00000000-0000-4000-8000-000000000001', action: 'view_billing', reason: 'x', durationMinutes: 1.5 }],
    ['unknown field', 'POST', '/api/grants', { granteeId: '00000000-0000-4000-8000-000000000001', action: 'view_billing', reason: 'x', admin: true }],
    ['bad status', 'GET', '/api/grants?status=LIVE', undefined],
    ['bad limit', 'GET', '/api/grants?limit=0', undefined],
    ['unknown query', 'GET', '/api/grants?sort=asc', undefined],
    ['bad id', 'GET', '/api/grants/not-a-uuid', undefined],
    ['bad revoke id', 'POST', '/api/grants/not-a-uuid/revoke', {}],
    ['no ids', 'POST', '/api/grants/revoke', {}],
    ['empty ids', 'POST', '/api/grants/revoke', { ids: [] }],
    ['bad ids', 'POST', '/api/grants/revoke', { ids: ['x'] }],
    ['billing: nothing to change', 'PATCH', '/api/billing', {}],
    ['billing: bad email', 'PATCH', '/api/billing', { contactEmail: 'not-an-email' }],
    ['billing: unknown field', 'PATCH', '/api/billing', { tier: 'ENTERPRISE' }],
    ['export: bad format', 'GET', '/api/customers/export?format=xml', undefined],
  ];

  it.each(BAD)('%s → 400 with field issues, nothing written', async (_name, method, url, payload) => {
    const auditBefore = await auditCount(world.fixture.database);
    const grantsBefore = await world.fixture.database.shared.permissionGrant.count();
    const contactBefore = (await world.fixture.database.pool.query('SELECT count(*)::int AS n FROM api_alpha.billing_settings')).rows[0].n;
    const response = await as(world, 'ownerA', method, url, payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_ERROR');
    expect(response.json().error.details.length).toBeGreaterThan(0);
    expect(await auditCount(world.fixture.database)).toBe(auditBefore);
    expect(await world.fixture.database.shared.permissionGrant.count()).toBe(grantsBefore);
    expect((await world.fixture.database.pool.query('SELECT count(*)::int AS n FROM api_alpha.billing_settings')).rows[0].n).toBe(contactBefore);
  });

  it.each([
    ['POST', '/api/grants'], ['GET', '/api/grants'], ['GET', '/api/grants/00000000-0000-4000-8000-000000000001'],
    ['POST', '/api/grants/00000000-0000-4000-8000-000000000001/revoke'], ['POST', '/api/grants/revoke'],
    ['GET', '/api/billing'], ['PATCH', '/api/billing'], ['GET', '/api/customers/export'],
  ] as const)('%s %s without a token → 401', async (method, url) => {
    const response = await world.app.inject({ method, url, headers: { host: 'alpha.api.test' }, ...(method === 'GET' ? {} : { payload: {} }) });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('AUTHENTICATION_REQUIRED');
  });
});

/**
 * requireAction over the real endpoints (SPEC §6): each grantable action is allowed by role or by an ACTIVE grant
 * covering the host's tenant, checked on every request with the clock — allowed at expiresAt − 1 s, refused at
 * expiresAt + 1 s, refused on the request after a revocation or bulk revocation, and never on another tenant.
 */
import { requireAction, requireAuthentication } from '@smoothschedule/auth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TENANT_A, TENANT_B } from './api-test-app.ts';
import { HOSTS } from './auth-test-support.ts';
import { as, createGrantsWorld, grant, type GrantsWorld, type Member } from './grants-test-support.ts';

let world: GrantsWorld;
const SOME_APPOINTMENT = '00000000-0000-4000-8000-0000000000aa';

beforeAll(async () => {
  world = await createGrantsWorld({
    // The appointments routes arrive with the scheduling package; this one stands in for its DELETE.
    beforeReady: (app) => {
      app.delete(
        '/test/appointments/:id',
        { config: { tenancy: 'required' }, onRequest: requireAuthentication, preHandler: requireAction('delete_appointments') },
        async (request) => ({ deleted: (request.params as { id: string }).id, grantId: request.permissionGrantId }),
      );
    },
  });
});

// Each test starts without grants: a grant that expired at a moved clock is ACTIVE again once the clock is back.
afterEach(async () => {
  world.clock.reset();
  await world.fixture.database.shared.permissionGrant.updateMany({ where: { revokedAt: null }, data: { revokedAt: new Date() } });
});

afterAll(async () => {
  await world?.close();
});

type Probe = (member: Member, host?: string) => ReturnType<typeof as>;

/** One request per action, through the endpoint that enforces it. */
const PROBES: Record<string, Probe> = {
  view_billing: (member, host) => as(world, member, 'GET', '/api/billing', undefined, host),
  manage_billing: (member, host) => as(world, member, 'PATCH', '/api/billing', { contactName: `Set by ${member}` }, host),
  export_customer_data: (member, host) => as(world, member, 'GET', '/api/customers/export', undefined, host),
  manage_users: (member, host) => as(world, member, 'PATCH', `/api/users/${world.ids.customerA}`, { firstName: `By${member}` }, host),
  delete_appointments: (member, host) => as(world, member, 'DELETE', `/test/appointments/${SOME_APPOINTMENT}`, undefined, host),
};

const expectAllowed = async (response: Awaited<ReturnType<Probe>>) => expect((await response).statusCode, (await response).body).toBe(200);
const expectRefused = async (response: Awaited<ReturnType<Probe>>) => {
  expect(response.statusCode, response.body).toBe(403);
  expect(['ACTION_NOT_ALLOWED', 'PERMISSION_DENIED']).toContain(response.json().error.code);
};

describe.each(Object.keys(PROBES))('%s through a grant', (action) => {
  const probe = PROBES[action]!;

  it('is refused to staff without a grant, allowed at expiresAt − 1 s and refused at expiresAt + 1 s', async () => {
    await expectRefused(await probe('staffA'));
    const made = await grant(world, 'ownerA', { granteeId: world.ids.staffA, action, durationMinutes: 20 });
    const expiresAt = Date.parse(made.expiresAt);
    await expectAllowed(await probe('staffA'));
    world.clock.set(new Date(expiresAt - 1000));
    await expectAllowed(await probe('staffA'));
    world.clock.set(new Date(expiresAt + 1000));
    await expectRefused(await probe('staffA'));
  });

  it('stops on the next request after a revocation', async () => {
    const made = await grant(world, 'ownerA', { granteeId: world.ids.staffA, action });
    await expectAllowed(await probe('staffA'));
    expect((await as(world, 'ownerA', 'POST', `/api/grants/${made.id}/revoke`)).statusCode).toBe(200);
    await expectRefused(await probe('staffA'));
  });
});

describe('revocation and scope', () => {
  it('a bulk revocation stops every grant it names on the next request', async () => {
    const billing = await grant(world, 'ownerA', { granteeId: world.ids.managerA, action: 'view_billing' });
    const exporting = await grant(world, 'ownerA', { granteeId: world.ids.managerA, action: 'export_customer_data' });
    await expectAllowed(await PROBES.view_billing!('managerA'));
    await expectAllowed(await PROBES.export_customer_data!('managerA'));
    const revoked = await as(world, 'ownerA', 'POST', '/api/grants/revoke', { ids: [billing.id, exporting.id] });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().grants.map((item: { status: string }) => item.status)).toEqual(['REVOKED', 'REVOKED']);
    await expectRefused(await PROBES.view_billing!('managerA'));
    await expectRefused(await PROBES.export_customer_data!('managerA'));
  });

  it('a grant for tenant A does not work on tenant B; one for every tenant works on both', async () => {
    const forA = await grant(world, 'root', { granteeId: world.ids.support, action: 'view_billing', tenantId: world.tenants.a });
    await expectAllowed(await PROBES.view_billing!('support', HOSTS.alpha));
    await expectRefused(await PROBES.view_billing!('support', HOSTS.beta));
    // Nor on the platform host: there only a grant for every tenant counts, and billing needs a tenant anyway.
    const everywhere = await grant(world, 'root', { granteeId: world.ids.support, action: 'view_billing' });
    await expectAllowed(await PROBES.view_billing!('support', HOSTS.beta));
    await as(world, 'root', 'POST', '/api/grants/revoke', { ids: [forA.id, everywhere.id] });
    await expectRefused(await PROBES.view_billing!('support', HOSTS.alpha));
  });

  it('the roles that hold an action need no grant (and the others are refused)', async () => {
    const HOLDS: Array<[Member, string, string, boolean]> = [];
    const holders: Record<string, Member[]> = {
      view_billing: ['root', 'pm', 'ownerA'],
      manage_billing: ['root', 'ownerA'],
      export_customer_data: ['root', 'ownerA'],
      manage_users: ['root', 'pm', 'ownerA', 'managerA'],
      delete_appointments: ['root', 'ownerA', 'managerA'],
    };
    for (const [action, allowed] of Object.entries(holders)) {
      for (const member of ['root', 'pm', 'sales', 'support', 'ownerA', 'managerA', 'staffA', 'customerA'] as Member[]) {
        HOLDS.push([member, action, HOSTS.alpha, allowed.includes(member)]);
      }
    }
    for (const [member, action, host, allowed] of HOLDS) {
      const response = await PROBES[action]!(member, host);
      if (allowed) expect(response.statusCode, `${member} ${action}: ${response.body}`).toBe(200);
      // A customer sees no other user (404), sales reach no ordinary tenant (their token is refused on its host).
      else expect([401, 403, 404], `${member} ${action}: ${response.body}`).toContain(response.statusCode);
    }
  });
});

describe('manage_users through a grant', () => {
  it('reaches the users of the tenant below TENANT_OWNER, never the owner and never oneself', async () => {
    const made = await grant(world, 'ownerA', { granteeId: world.ids.staffA, action: 'manage_users', durationMinutes: 10 });
    const listed = await as(world, 'staffA', 'GET', '/api/users');
    expect(listed.json().users.map((user: { id: string }) => user.id)).toEqual(expect.arrayContaining([world.ids.customerA, world.ids.managerA]));
    expect(listed.json().users.map((user: { id: string }) => user.id)).not.toContain(world.ids.ownerA);
    expect((await as(world, 'staffA', 'PATCH', `/api/users/${world.ids.managerA}`, { lastName: 'Renamed' })).statusCode).toBe(200);
    expect((await as(world, 'staffA', 'PATCH', `/api/users/${world.ids.ownerA}`, { lastName: 'Nope' })).statusCode).toBe(403);
    expect((await as(world, 'staffA', 'PATCH', `/api/users/${world.ids.customerA}`, { role: 'TENANT_OWNER' })).statusCode).toBe(403);
    expect((await as(world, 'staffA', 'PATCH', `/api/users/${world.ids.staffA}`, { role: 'TENANT_MANAGER' })).statusCode).toBe(403);
    const created = await as(world, 'staffA', 'POST', '/api/users', { email: 'hired@grants.test', password: 'a long enough password', firstName: 'H', lastName: 'S', role: 'TENANT_STAFF' });
    expect(created.statusCode, created.body).toBe(201);
    world.clock.set(new Date(Date.parse(made.expiresAt) + 1000));
    expect((await as(world, 'staffA', 'GET', '/api/users')).json().users.map((user: { id: string }) => user.id)).toEqual([world.ids.staffA]);
    expect((await as(world, 'staffA', 'DELETE', `/api/users/${created.json().id}`)).statusCode).toBe(403);
  });
});

describe('the endpoints themselves', () => {
  it('GET /api/billing shows tier, status, the tier limits and live usage', async () => {
    const tenantDb = world.fixture.database.tenants.forSchema(TENANT_A.schemaName);
    await tenantDb.resource.create({ data: { name: 'Chair 1', type: 'ROOM' } });
    const response = await PROBES.view_billing!('ownerA');
    expect(response.statusCode).toBe(200);
    const staffUsers = await world.fixture.database.shared.user.count({ where: { tenantId: world.tenants.a, role: { in: ['TENANT_OWNER', 'TENANT_MANAGER', 'TENANT_STAFF'] } } });
    expect(response.json()).toMatchObject({
      tenantId: world.tenants.a,
      tier: 'FREE',
      status: 'ACTIVE',
      limits: { resources: 2, staffUsers: 3, plugins: 1, customDomains: false },
      usage: { resources: 1, staffUsers, customDomains: 0 },
    });
  });

  it('PATCH /api/billing stores the contact in the tenant schema, never in public', async () => {
    const response = await as(world, 'ownerA', 'PATCH', '/api/billing', { contactName: 'Ada Books', contactEmail: 'Billing@Alpha.test' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().contact).toMatchObject({ name: 'Ada Books', email: 'billing@alpha.test', updatedById: world.ids.ownerA });
    const stored = await world.fixture.database.pool.query(`SELECT contact_name, contact_email FROM "${TENANT_A.schemaName}".billing_settings`);
    expect(stored.rows).toEqual([{ contact_name: 'Ada Books', contact_email: 'billing@alpha.test' }]);
    expect((await world.fixture.database.pool.query(`SELECT to_regclass('public.billing_settings') AS found`)).rows[0].found).toBeNull();
    expect((await as(world, 'ownerB', 'GET', '/api/billing')).json().contact).toBeNull();
  });

  it('GET /api/customers/export answers the tenant\'s customers as JSON or safe CSV', async () => {
    const alpha = world.fixture.database.tenants.forSchema(TENANT_A.schemaName);
    await alpha.customer.create({ data: { name: 'Plain Person', email: 'plain@x.test', tags: ['vip', 'new'] } });
    await alpha.customer.create({ data: { name: '=HYPERLINK("http://evil")', notes: 'says "hi", twice\nthen leaves' } });
    await world.fixture.database.tenants.forSchema(TENANT_B.schemaName).customer.create({ data: { name: 'Beta Only' } });
    const json = await as(world, 'ownerA', 'GET', '/api/customers/export');
    expect(json.statusCode).toBe(200);
    expect(json.json().customers.map((customer: { name: string }) => customer.name)).toEqual(['Plain Person', '=HYPERLINK("http://evil")']);
    const csv = await as(world, 'ownerA', 'GET', '/api/customers/export?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe('id,name,email,phone,status,tags,notes,userId,createdAt');
    expect(lines[1]).toMatch(/^[0-9a-f-]{36},Plain Person,plain@x\.test,,ACTIVE,vip;new,,,/);
    expect(csv.body).toContain(`,"'=HYPERLINK(""http://evil"")",`);
    expect(csv.body).toContain('"says ""hi"", twice\nthen leaves"');
    expect(csv.body).not.toContain('Beta Only');
  });
});

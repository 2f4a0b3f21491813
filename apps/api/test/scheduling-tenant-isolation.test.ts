/**
 * Cross-tenant isolation, generated from the app's own route table: every route with an :id is called with
 * tenant B's credentials on B's host with tenant A's ids, and must answer 404 and change nothing in A. The
 * route list comes from the registered routes (the OpenAPI document lists every route, since every route
 * declares its schemas); a route with an :id that this file has no ids for fails the suite, so a new route
 * cannot ship without its isolation check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createSchedulingWorld, snapshot, tokenFor, type SchedulingWorld, type TenantWorld } from './scheduling-test-support.ts';

let world: SchedulingWorld;
let routes: Array<{ method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; path: string }>;
/** Tenant A's objects outside the scheduling tables: a permission grant, a media row, its domain. */
const extra = { grantId: '', mediaId: '', domainId: '' };

beforeAll(async () => {
  world = await createSchedulingWorld();
  const grant = await call(world.app, 'POST', '/api/grants', {
    host: world.a.domain,
    token: tokenFor(world, 'a', 'TENANT_OWNER'),
    payload: { granteeId: world.a.users.TENANT_MANAGER, action: 'export_customer_data', reason: 'isolation check' },
  });
  if (grant.statusCode !== 201) throw new Error(`grant: ${grant.statusCode} ${grant.body}`);
  extra.grantId = grant.json().id;
  extra.mediaId = (await world.database.tenants.forSchema(world.a.schemaName).media.create({
    data: { kind: 'TENANT_LOGO', objectKey: `tenants/${world.a.id}/logo.png`, contentType: 'image/png', sizeBytes: 10 },
  })).id;
  extra.domainId = (await world.database.shared.domain.findFirstOrThrow({ where: { tenantId: world.a.id } })).id;
  const document = world.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(document.paths)
    .filter(([path]) => path.includes('{id}'))
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => ({ method: method.toUpperCase() as 'GET', path })));
});
afterAll(async () => {
  await world?.close();
});

/** For each :id route: tenant A's id to aim at, and a body that passes validation (so the answer is about the id). */
const TARGETS: Record<string, { id: (tenant: TenantWorld) => string; body?: unknown }> = {
  '/api/resources/{id}': { id: (t) => t.resources.own, body: { name: 'Taken over' } },
  '/api/services/{id}': { id: (t) => t.services.cut, body: { name: 'Taken over' } },
  '/api/customers/{id}': { id: (t) => t.customers.own, body: { name: 'Taken over' } },
  '/api/business-hours/{id}': { id: (t) => t.hours, body: { opensAt: '09:00' } },
  '/api/blockers/{id}': { id: (t) => t.blockers.own, body: { title: 'Taken over' } },
  '/api/appointments/{id}': { id: (t) => t.appointments.own, body: { notes: 'Taken over' } },
  '/api/users/{id}': { id: (t) => t.users.TENANT_STAFF, body: { firstName: 'Taken' } },
  '/api/grants/{id}': { id: () => extra.grantId },
  '/api/grants/{id}/revoke': { id: () => extra.grantId },
  '/api/media/{id}': { id: () => extra.mediaId },
  '/api/platform/tenants/{id}': { id: (t) => t.id, body: { status: 'SUSPENDED' } },
  '/api/platform/tenants/{id}/domains': { id: (t) => t.id, body: { domain: 'taken-over.example.test' } },
  '/api/platform/domains/{id}': { id: () => extra.domainId },
  '/api/platform/domains/{id}/verify': { id: () => extra.domainId },
};

describe('cross-tenant isolation of every :id route', () => {
  it('the route table has :id routes, and this file covers each of them', () => {
    expect(routes.length).toBeGreaterThanOrEqual(Object.keys(TARGETS).length * 2);
    const uncovered = routes.filter((route) => !(route.path in TARGETS)).map((route) => `${route.method} ${route.path}`);
    expect(uncovered, 'add these routes to TARGETS with a tenant A id').toEqual([]);
  });

  it('tenant B\'s owner gets 404 for every :id route aimed at tenant A\'s ids, and A is unchanged', async () => {
    const before = await snapshot(world.database, world.a.schemaName);
    const shared = () => Promise.all([
      world.database.shared.tenant.findUniqueOrThrow({ where: { id: world.a.id } }),
      world.database.shared.domain.findMany({ where: { tenantId: world.a.id }, orderBy: { id: 'asc' } }),
      world.database.shared.permissionGrant.findUniqueOrThrow({ where: { id: extra.grantId } }),
    ]);
    const sharedBefore = await shared();
    const answers: string[] = [];
    for (const route of routes) {
      const target = TARGETS[route.path]!;
      const url = route.path.replace('{id}', target.id(world.a));
      const response = await call(world.app, route.method, url, {
        host: world.b.domain,
        token: tokenFor(world, 'b', 'TENANT_OWNER'),
        payload: route.method === 'PATCH' || route.method === 'POST' ? target.body : undefined,
      });
      answers.push(`${route.method} ${route.path} ${response.statusCode}`);
    }
    expect(answers).toEqual(routes.map((route) => `${route.method} ${route.path} 404`));
    expect(await snapshot(world.database, world.a.schemaName)).toEqual(before);
    expect(await shared()).toEqual(sharedBefore);
  });

  it('every other role of tenant B gets, for A\'s ids, exactly what it gets for an id that exists nowhere', async () => {
    const nowhere = '00000000-0000-4000-8000-000000000000';
    for (const role of ['TENANT_MANAGER', 'TENANT_STAFF', 'CUSTOMER'] as const) {
      for (const route of routes) {
        const target = TARGETS[route.path]!;
        const ask = (id: string) => call(world.app, route.method, route.path.replace('{id}', id), {
          host: world.b.domain,
          token: tokenFor(world, 'b', role),
          payload: route.method === 'PATCH' || route.method === 'POST' ? target.body : undefined,
        });
        const [foreign, missing] = [await ask(target.id(world.a)), await ask(nowhere)];
        expect(`${role} ${route.method} ${route.path} ${foreign.statusCode}`).toBe(`${role} ${route.method} ${route.path} ${missing.statusCode}`);
        expect(foreign.statusCode).toBeGreaterThanOrEqual(400);
      }
    }
  });

  it('lists on B\'s host never show A\'s rows', async () => {
    const aIds = new Set([
      ...Object.values(world.a.resources), ...Object.values(world.a.services), ...Object.values(world.a.customers),
      world.a.hours, ...Object.values(world.a.blockers), ...Object.values(world.a.appointments),
    ]);
    for (const [url, key] of [['/api/resources', 'resources'], ['/api/services', 'services'], ['/api/customers', 'customers'],
      ['/api/business-hours', 'businessHours'], ['/api/blockers', 'blockers'], ['/api/appointments', 'appointments']] as const) {
      const response = await call(world.app, 'GET', `${url}?limit=100`, { host: world.b.domain, token: tokenFor(world, 'b', 'TENANT_OWNER') });
      expect(response.statusCode).toBe(200);
      const rows = response.json()[key] as Array<{ id: string }>;
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((row) => aIds.has(row.id))).toEqual([]);
    }
  });

  it('A\'s ids as references in B\'s bodies are unknown (400), never used', async () => {
    const before = await snapshot(world.database, world.b.schemaName);
    const owner = tokenFor(world, 'b', 'TENANT_OWNER');
    const booking = await call(world.app, 'POST', '/api/appointments', {
      host: world.b.domain, token: owner,
      payload: { resourceId: world.a.resources.other, serviceId: world.b.services.cut, customerId: world.b.customers.other, startsAt: '2026-03-20T10:00:00+01:00' },
    });
    expect(booking.json().error.details).toEqual([{ path: 'body.resourceId', message: expect.any(String) }]);
    const service = await call(world.app, 'POST', '/api/services', {
      host: world.b.domain, token: owner, payload: { name: 'X', durationMinutes: 30, resourceIds: [world.a.resources.own] },
    });
    expect(service.statusCode).toBe(400);
    const availability = await call(world.app, 'GET', `/api/availability?serviceId=${world.a.services.cut}&date=2026-03-20`, { host: world.b.domain });
    expect(availability.statusCode).toBe(400);
    expect(await snapshot(world.database, world.b.schemaName)).toEqual(before);
  });
});

/**
 * 1,000 interleaved concurrent requests over 20 tenant hosts, through the real app and request.db: every answer
 * carries only the data of the tenant whose host was asked, whatever the operation (findUnique, findMany, count,
 * array and interactive transactions, nested writes, raw SQL).
 */
import { createTenantProvisioner, loadMigrationSet } from '@smoothschedule/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { buildTestApp, createApiFixture, type ApiFixture } from './api-test-app.ts';

const TENANT_COUNT = 20;
const REQUESTS = 1000;

interface SeededTenant {
  schema: string;
  host: string;
  resourceIds: string[];
  serviceId: string;
}

let fixture: ApiFixture;
let app: App;
const tenants: SeededTenant[] = [];

const names = z.object({ names: z.array(z.string()) });

/** Routes that exercise each kind of operation through request.db; test-only. */
const operationRoutes: FastifyPluginAsyncZod = async (routes) => {
  const options = { config: { tenancy: 'required' as const } };
  const db = (request: Parameters<typeof routes.tenancy.requireTenant>[0]) => routes.tenancy.requireTenant(request).db;
  routes.get('/resource/:id', { ...options, schema: { params: z.object({ id: z.string().uuid() }) } }, async (request) => {
    const row = await db(request).resource.findUnique({ where: { id: request.params.id } });
    return { names: row ? [row.name] : [], found: row !== null };
  });
  routes.get('/resources', options, async (request) => ({
    names: (await db(request).resource.findMany()).map((row) => row.name),
  }));
  routes.get('/count', options, async (request) => ({ names: [], count: await db(request).resource.count() }));
  routes.get('/array-transaction', options, async (request) => {
    const client = db(request);
    const [rows, service] = await client.$transaction([client.resource.findMany(), client.service.findFirst()]);
    return { names: [...rows.map((row) => row.name), service!.name] };
  });
  routes.post('/interactive-transaction/:tag', options, async (request) => {
    const { tag } = request.params as { tag: string };
    const schema = routes.tenancy.requireTenant(request).tenant.schemaName;
    return {
      names: await db(request).$transaction(async (tx) => {
        const first = await tx.resource.findFirst({ orderBy: { name: 'asc' } });
        const customer = await tx.customer.create({ data: { name: `${schema}:itx:${tag}` } });
        const raw = await tx.$queryRaw<{ name: string }[]>`SELECT name FROM customers WHERE id = ${customer.id}::uuid`;
        return [first!.name, customer.name, ...raw.map((row) => row.name)];
      }),
    };
  });
  routes.post('/nested-write/:tag', options, async (request) => {
    const tag = Number((request.params as { tag: string }).tag);
    const { tenant } = routes.tenancy.requireTenant(request);
    const seeded = tenants.find((candidate) => candidate.schema === tenant.schemaName)!;
    const startsAt = new Date(Date.UTC(2031, 0, 1) + tag * 3_600_000);
    const customer = await db(request).customer.create({
      data: {
        name: `${tenant.schemaName}:nested:${tag}`,
        appointments: { create: [{ resourceId: seeded.resourceIds[2]!, serviceId: seeded.serviceId, startsAt, endsAt: new Date(startsAt.getTime() + 1_800_000) }] },
      },
      include: { appointments: { include: { resource: true, service: true } } },
    });
    return { names: [customer.name, customer.appointments[0]!.resource.name, customer.appointments[0]!.service.name] };
  });
  routes.get('/raw', options, async (request) => ({
    names: (await db(request).$queryRaw<{ name: string }[]>`SELECT name FROM resources`).map((row) => row.name),
  }));
};

beforeAll(async () => {
  fixture = await createApiFixture();
  const provisioner = createTenantProvisioner({ pool: fixture.database.pool, tenantMigrations: loadMigrationSet('tenant') });
  for (let index = 0; index < TENANT_COUNT; index++) {
    const schema = `req_t${String(index).padStart(2, '0')}`;
    const host = `t${index}.requests.test`;
    await provisioner.provision({ name: schema, schemaName: schema, domain: host });
    const db = fixture.database.tenants.forSchema(schema);
    const resourceIds: string[] = [];
    for (let r = 0; r < 3; r++) resourceIds.push((await db.resource.create({ data: { name: `${schema}:resource:${r}`, type: 'STAFF' } })).id);
    const service = await db.service.create({ data: { name: `${schema}:service`, durationMinutes: 30 } });
    tenants.push({ schema, host, resourceIds, serviceId: service.id });
  }
  app = await buildTestApp(fixture.database);
  await app.register(operationRoutes, { prefix: '/isolation' });
  await app.ready();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await fixture?.close();
});

type Request = (tenant: SeededTenant, other: SeededTenant, index: number) => { method: 'GET' | 'POST'; url: string };
const requestKinds: Array<[string, Request]> = [
  ['own findUnique', (tenant) => ({ method: 'GET', url: `/isolation/resource/${tenant.resourceIds[1]}` })],
  ["another tenant's id", (_tenant, other) => ({ method: 'GET', url: `/isolation/resource/${other.resourceIds[1]}` })],
  ['findMany', () => ({ method: 'GET', url: '/isolation/resources' })],
  ['count', () => ({ method: 'GET', url: '/isolation/count' })],
  ['array transaction', () => ({ method: 'GET', url: '/isolation/array-transaction' })],
  ['interactive transaction', (_t, _o, index) => ({ method: 'POST', url: `/isolation/interactive-transaction/${index}` })],
  ['nested write', (_t, _o, index) => ({ method: 'POST', url: `/isolation/nested-write/${index}` })],
  ['raw SQL', () => ({ method: 'GET', url: '/isolation/raw' })],
];

describe(`${REQUESTS} interleaved requests over ${TENANT_COUNT} tenant hosts`, () => {
  it('each answer holds only its own tenant data, and each write lands in its own schema', async () => {
    const responses = await Promise.all(
      Array.from({ length: REQUESTS }, (_, index) => {
        const tenant = tenants[index % TENANT_COUNT]!;
        const other = tenants[(index + 1) % TENANT_COUNT]!;
        const [kind, build] = requestKinds[Math.floor(index / TENANT_COUNT) % requestKinds.length]!;
        return app.inject({ ...build(tenant, other, index), headers: { host: tenant.host } })
          .then((response) => ({ kind, tenant, response }));
      }),
    );

    const perKind = new Map<string, number>();
    const writes = new Map<string, number>();
    for (const { kind, tenant, response } of responses) {
      if (kind === 'interactive transaction' || kind === 'nested write') writes.set(tenant.schema, (writes.get(tenant.schema) ?? 0) + 1);
      expect(response.statusCode, `${kind} on ${tenant.host}: ${response.body}`).toBe(200);
      const body = response.json();
      const seen = names.parse(body).names;
      expect(seen.filter((name) => !name.startsWith(`${tenant.schema}:`)), kind).toEqual([]);
      if (kind === "another tenant's id") expect(body.found).toBe(false);
      if (kind === 'own findUnique') expect(seen).toEqual([`${tenant.schema}:resource:1`]);
      if (kind === 'findMany' || kind === 'raw SQL' || kind === 'array transaction') expect(seen.length).toBeGreaterThanOrEqual(3);
      if (kind === 'count') expect(body.count).toBe(3);
      perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
    }
    expect([...perKind.keys()].sort()).toEqual(requestKinds.map(([kind]) => kind).sort());

    for (const { schema } of tenants) {
      const customers = await fixture.database.pool.query(`SELECT name FROM "${schema}".customers`);
      expect(customers.rows.map((row) => row.name).filter((name: string) => !name.startsWith(`${schema}:`))).toEqual([]);
      expect(customers.rows.length).toBe(writes.get(schema));
    }
  });
});

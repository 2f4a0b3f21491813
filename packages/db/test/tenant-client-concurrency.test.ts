/**
 * 1,000 interleaved concurrent operations over 20 tenants on one pool: every answer must come from the tenant
 * that asked. Operations are started in the same tick, so Prisma's batcher sees requests of many tenants at once
 * (the trap that tenant-aware-batching.ts closes).
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '../src/generated/tenant/client.ts';
import { createDatabase, createTenantProvisioner, loadMigrationSet, type Database, type TenantClient } from '../src/index.ts';
import { createMigratedTestDatabase, type TestDatabase } from '../src/testing/index.ts';
import { tenantContext, createTenantBinding } from '../src/tenant-client/tenant-context.ts';
import { TENANT_SCHEMA_PLACEHOLDER, TenantSchemaAdapterFactory } from '../src/tenant-client/tenant-schema-adapter.ts';

const TENANT_COUNT = 20;
const OPERATIONS = 1000;

interface SeededTenant {
  schema: string;
  /** The client an operation uses: the bound client, or the contextual one inside runInTenant. */
  db: TenantClient;
  resourceIds: string[];
  serviceId: string;
}

let testDb: TestDatabase;
let db: Database;
const tenants: SeededTenant[] = [];

beforeAll(async () => {
  testDb = await createMigratedTestDatabase();
  db = createDatabase({ connectionString: testDb.url, poolSize: 10 });
  const provisioner = createTenantProvisioner({ pool: db.pool, tenantMigrations: loadMigrationSet('tenant') });
  for (let index = 0; index < TENANT_COUNT; index++) {
    const schema = `conc_t${String(index).padStart(2, '0')}`;
    await provisioner.provision({ name: schema, schemaName: schema, domain: `t${index}.conc.test` });
    const tenantDb = db.tenants.forSchema(schema);
    const resourceIds: string[] = [];
    for (let r = 0; r < 3; r++) {
      resourceIds.push((await tenantDb.resource.create({ data: { name: `${schema}:resource:${r}`, type: 'STAFF' } })).id);
    }
    const service = await tenantDb.service.create({
      data: { name: `${schema}:service`, durationMinutes: 30, resources: { create: [{ resourceId: resourceIds[0]! }] } },
    });
    tenants.push({ schema, db: tenantDb, resourceIds, serviceId: service.id });
  }
}, 120_000);

afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

const belongsTo = (schema: string) => (name: string) => name.startsWith(`${schema}:`);

/** One operation per kind; each returns the names it saw plus any assertion-ready facts. */
const operationKinds: Array<(tenant: SeededTenant, other: SeededTenant, index: number) => Promise<string[]>> = [
  async (tenant) => {
    const found = await tenant.db.resource.findUnique({ where: { id: tenant.resourceIds[1]! } });
    expect(found).not.toBeNull();
    return [found!.name];
  },
  async (tenant, other) => {
    // Another tenant's id, asked in the same tick as that tenant asks for it: must not be found here.
    expect(await tenant.db.resource.findUnique({ where: { id: other.resourceIds[1]! } })).toBeNull();
    return [];
  },
  async (tenant) => {
    const rows = await tenant.db.resource.findMany({ orderBy: { name: 'asc' } });
    expect(rows).toHaveLength(3);
    return rows.map((row) => row.name);
  },
  async (tenant) => {
    expect(await tenant.db.resource.count()).toBe(3);
    return [];
  },
  async (tenant) => {
    const [rows, services] = await tenant.db.$transaction([
      tenant.db.resource.findMany(),
      tenant.db.service.findUnique({ where: { id: tenant.serviceId } }),
    ]);
    expect(services).not.toBeNull();
    return [...rows.map((row) => row.name), services!.name];
  },
  async (tenant, _other, index) => {
    const names = await tenant.db.$transaction(async (tx) => {
      const first = await tx.resource.findUnique({ where: { id: tenant.resourceIds[0]! } });
      const customer = await tx.customer.create({ data: { name: `${tenant.schema}:itx:${index}` } });
      const raw = await tx.$queryRaw<{ name: string }[]>`SELECT name FROM customers WHERE id = ${customer.id}::uuid`;
      return [first!.name, customer.name, ...raw.map((row) => row.name)];
    });
    expect(names).toHaveLength(3);
    return names;
  },
  async (tenant, _other, index) => {
    const start = new Date(Date.UTC(2030, 0, 1, 0, 0) + index * 3_600_000);
    const customer = await tenant.db.customer.create({
      data: {
        name: `${tenant.schema}:nested:${index}`,
        appointments: {
          create: [{
            resourceId: tenant.resourceIds[2]!,
            serviceId: tenant.serviceId,
            startsAt: start,
            endsAt: new Date(start.getTime() + 1_800_000),
          }],
        },
      },
      include: { appointments: { include: { resource: true, service: true } } },
    });
    return [customer.name, customer.appointments[0]!.resource.name, customer.appointments[0]!.service.name];
  },
  async (tenant) => {
    const rows = await tenant.db.$queryRaw<{ name: string }[]>`SELECT name FROM resources ORDER BY name`;
    expect(rows).toHaveLength(3);
    return rows.map((row) => row.name);
  },
  async (tenant) => {
    const found = await tenant.db.resource.findFirst({ where: { name: { endsWith: ':resource:2' } } });
    return [found!.name];
  },
  async (tenant) => {
    const updated = await tenant.db.resource.updateMany({ where: { name: { endsWith: ':resource:0' } }, data: { isActive: true } });
    expect(updated.count).toBe(1);
    return [];
  },
];

type Runner = (tenant: SeededTenant, operation: (tenant: SeededTenant) => Promise<string[]>) => Promise<string[]>;

const modes: Array<[string, Runner]> = [
  ['clients bound with forSchema', (tenant, operation) => operation(tenant)],
  [
    'the contextual client inside runInTenant (as request.db)',
    (tenant, operation) => db.tenants.runInTenant(tenant.schema, () => operation({ ...tenant, db: db.tenants.client })),
  ],
];

describe.each(modes)('1,000 interleaved operations over 20 tenants through %s', (_mode, run) => {
  beforeAll(async () => {
    for (const { schema } of tenants) await db.pool.query(`TRUNCATE "${schema}".appointments, "${schema}".customers CASCADE`);
  });

  it('answer every tenant from its own schema only', async () => {
    const started = Array.from({ length: OPERATIONS }, (_, index) => {
      const tenant = tenants[index % TENANT_COUNT]!;
      const other = tenants[(index + 1) % TENANT_COUNT]!;
      const kind = operationKinds[Math.floor(index / TENANT_COUNT) % operationKinds.length]!;
      return run(tenant, (bound) => kind(bound, other, index)).then((names) => ({ schema: tenant.schema, names }));
    });
    const results = await Promise.all(started);

    let namesChecked = 0;
    for (const { schema, names } of results) {
      expect(names.filter((name) => !belongsTo(schema)(name))).toEqual([]);
      namesChecked += names.length;
    }
    expect(namesChecked).toBeGreaterThan(1500);

    // Every write landed in the schema of the tenant that made it.
    for (const { schema } of tenants) {
      const rows = await db.pool.query(`SELECT name FROM "${schema}".customers`);
      expect(rows.rows.length).toBe(OPERATIONS / TENANT_COUNT / operationKinds.length * 2);
      expect(rows.rows.map((row) => row.name).filter((name: string) => !belongsTo(schema)(name))).toEqual([]);
      const appointments = await db.pool.query(`SELECT count(*)::int AS n FROM "${schema}".appointments`);
      expect(appointments.rows[0].n).toBe(OPERATIONS / TENANT_COUNT / operationKinds.length);
    }
  });

});

describe('without tenant-aware batching', () => {
  it('the same-tick findUnique calls of different tenants get mixed (why the batcher is patched)', async () => {
    // The same adapter, but Prisma's batcher left as it ships.
    const unpatched = new PrismaClient({
      adapter: new TenantSchemaAdapterFactory(new PrismaPg(db.pool, { schema: TENANT_SCHEMA_PLACEHOLDER })),
    });
    try {
      const answers = await Promise.all(
        tenants.map((tenant) =>
          tenantContext.run(createTenantBinding(tenant.schema), () =>
            unpatched.resource.findUnique({ where: { id: tenant.resourceIds[1]! } }).then((row) => row?.name ?? null),
          ),
        ),
      );
      const wrong = answers.filter((name, index) => name !== `${tenants[index]!.schema}:resource:1`);
      expect(wrong.length).toBeGreaterThan(0);
    } finally {
      await unpatched.$disconnect();
    }
  });
});

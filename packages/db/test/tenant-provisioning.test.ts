import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ZodError } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDatabase,
  createTenantProvisioner,
  countReadySpares,
  DomainTakenError,
  loadMigrationSet,
  SchemaNameTakenError,
  topUpSpareSchemas,
  type Database,
  type MigrationSet,
} from '../src/index.ts';
import { fingerprintOf } from '../src/migrator/migration-files.ts';
import { createMigratedTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let testDb: TestDatabase;
let db: Database;
const tenantMigrations = loadMigrationSet('tenant');
let provisioner: ReturnType<typeof createTenantProvisioner>;
const tmpDirs: string[] = [];

beforeAll(async () => {
  testDb = await createMigratedTestDatabase();
  db = createDatabase({ connectionString: testDb.url, poolSize: 12 });
  provisioner = createTenantProvisioner({ pool: db.pool, tenantMigrations });
});

afterAll(async () => {
  await db?.close();
  await testDb?.drop();
  tmpDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

/** Everything provisioning could leave behind, to compare before and after a refused attempt. */
async function footprint() {
  const { rows } = await db.pool.query(`SELECT
      (SELECT count(*)::int FROM public.tenants) AS tenants,
      (SELECT count(*)::int FROM public.domains) AS domains,
      (SELECT count(*)::int FROM public._schema_migration_state) AS states,
      (SELECT count(*)::int FROM public._applied_migrations) AS applied,
      (SELECT count(*)::int FROM pg_namespace) AS schemas`);
  return rows[0];
}

async function tablesIn(schema: string): Promise<string[]> {
  const { rows } = await db.pool.query(
    'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
    [schema],
  );
  return rows.map((row) => row.table_name);
}

function migrationSetWith(files: Record<string, string>): MigrationSet {
  const dir = mkdtempSync(path.join(tmpdir(), 'ss-migrations-'));
  tmpDirs.push(dir);
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'migration.sql'), sql);
  }
  return loadMigrationSet('tenant', dir);
}

const EXPECTED_TABLES = [
  'appointments', 'billing_settings', 'blockers', 'business_hours', 'customers', 'idempotency_keys', 'media',
  'notification_outbox', 'plugin_failures', 'resources', 'scheduling_settings', 'service_resources', 'services',
  'webhook_deliveries',
];

describe('provisioning a tenant', () => {
  it('creates the tenant row, its primary domain and its schema at the current version', async () => {
    const tenant = await provisioner.provision({
      name: 'Demo Company', schemaName: 'prov_demo', domain: 'Prov-Demo.Example.com', subscriptionTier: 'PROFESSIONAL',
      timezone: 'Europe/Paris',
    });
    expect(tenant).toMatchObject({
      name: 'Demo Company', schemaName: 'prov_demo', domain: 'prov-demo.example.com', subscriptionTier: 'PROFESSIONAL',
      status: 'ACTIVE', isDemo: false, timezone: 'Europe/Paris', fromSpare: false,
    });
    expect(await tablesIn('prov_demo')).toEqual(EXPECTED_TABLES);
    const domains = await db.shared.domain.findMany({ where: { tenantId: tenant.id } });
    expect(domains).toEqual([expect.objectContaining({ domain: 'prov-demo.example.com', isPrimary: true })]);
    const state = await db.shared.schemaMigrationState.findUnique({ where: { schemaName: 'prov_demo' } });
    expect(state).toMatchObject({
      kind: 'tenant',
      version: tenantMigrations.migrations.at(-1)!.name,
      checksum: fingerprintOf(tenantMigrations.migrations),
      lastError: null,
    });
    // The new schema works through the tenant client at once.
    await db.tenants.forSchema('prov_demo').resource.create({ data: { name: 'Chair', type: 'EQUIPMENT' } });
    expect(await db.tenants.forSchema('prov_demo').resource.count()).toBe(1);
  });

  it.each([
    ['schema name', { schemaName: 'prov_demo', domain: 'other.example.com' }, SchemaNameTakenError],
    ['domain', { schemaName: 'prov_other', domain: 'prov-demo.example.com' }, DomainTakenError],
  ])('refuses a duplicate %s with 409 and leaves nothing behind', async (_label, input, errorClass) => {
    const before = await footprint();
    const attempt = provisioner.provision({ name: 'Copy', ...input });
    await expect(attempt).rejects.toBeInstanceOf(errorClass);
    await expect(attempt).rejects.toMatchObject({ statusCode: 409 });
    expect(await footprint()).toEqual(before);
  });

  it('refuses a schema that exists outside the platform, and leaves it untouched', async () => {
    await db.pool.query('CREATE SCHEMA prov_foreign; CREATE TABLE prov_foreign.keep_me (id int)');
    const before = await footprint();
    await expect(provisioner.provision({ name: 'X', schemaName: 'prov_foreign', domain: 'foreign.example.com' }))
      .rejects.toBeInstanceOf(SchemaNameTakenError);
    expect(await footprint()).toEqual(before);
    expect(await tablesIn('prov_foreign')).toEqual(['keep_me']);
  });

  const hostileSchemaNames = [
    'public', 'information_schema', 'pg_catalog', 'pg_toast_x', 'pgboss', 'Robert"); DROP SCHEMA public; --', 'ab',
    '1tenant', 'tenant-one', 'Tenant', 'tenant one', `t${'x'.repeat(63)}`, '', '_spare_0123456789abcdef', 'tenänt',
    'tenant;drop', 'x"y', '../etc',
  ];
  it.each(hostileSchemaNames)('refuses the schema name %j before touching the database', async (schemaName) => {
    const before = await footprint();
    await expect(provisioner.provision({ name: 'Hostile', schemaName, domain: 'hostile.example.com' }))
      .rejects.toBeInstanceOf(ZodError);
    expect(await footprint()).toEqual(before);
  });

  it.each(['demo.localhost:3000', 'localhost', '-bad.example.com', 'a..b.com', '127.0.0.1', 'exa mple.com', 'x'.repeat(254)])(
    'refuses the domain %j',
    async (domain) => {
      const before = await footprint();
      await expect(provisioner.provision({ name: 'Bad', schemaName: 'prov_bad_domain', domain }))
        .rejects.toBeInstanceOf(ZodError);
      expect(await footprint()).toEqual(before);
    },
  );

  it('refuses an unknown time zone or tier', async () => {
    await expect(provisioner.provision({ name: 'T', schemaName: 'prov_tz', domain: 'tz.example.com', timezone: 'Mars/Base' }))
      .rejects.toBeInstanceOf(ZodError);
    await expect(provisioner.provision({
      name: 'T', schemaName: 'prov_tz', domain: 'tz.example.com', subscriptionTier: 'GOLD' as never,
    })).rejects.toBeInstanceOf(ZodError);
  });

  it('leaves no schema, row, domain or state behind when a migration fails midway', async () => {
    const failing = migrationSetWith({
      '20260101000000_first': 'CREATE TABLE made_first (id int);',
      '20260102000000_second': 'CREATE TABLE made_second (id int); SELECT 1 / 0;',
    });
    const broken = createTenantProvisioner({ pool: db.pool, tenantMigrations: failing });
    const before = await footprint();
    await expect(broken.provision({ name: 'Broken', schemaName: 'prov_broken', domain: 'broken.example.com' }))
      .rejects.toThrow(/division by zero/);
    expect(await footprint()).toEqual(before);
    expect(await tablesIn('prov_broken')).toEqual([]);
  });

  it('gives exactly one of ten concurrent requests for the same schema name', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) =>
        provisioner.provision({ name: `Race ${index}`, schemaName: 'prov_race', domain: `race${index}.example.com` })),
    );
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
    const refused = attempts.filter((attempt): attempt is PromiseRejectedResult => attempt.status === 'rejected');
    expect(refused).toHaveLength(9);
    refused.forEach((attempt) => expect(attempt.reason).toBeInstanceOf(SchemaNameTakenError));
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM public.domains WHERE domain LIKE 'race%'`)).rows[0].n).toBe(1);
  });

  it('deprovisioning removes the schema, the rows and the migration state', async () => {
    const tenant = await provisioner.provision({ name: 'Gone', schemaName: 'prov_gone', domain: 'gone.example.com' });
    await provisioner.deprovision(tenant.id);
    expect(await tablesIn('prov_gone')).toEqual([]);
    expect(await db.shared.tenant.findUnique({ where: { id: tenant.id } })).toBeNull();
    expect(await db.shared.domain.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(await db.shared.schemaMigrationState.count({ where: { schemaName: 'prov_gone' } })).toBe(0);
  });
});

describe('spare schemas', () => {
  it('are claimed by renaming, once each, even under concurrent provisioning', async () => {
    expect(await topUpSpareSchemas(db.pool, tenantMigrations, 3)).toBe(3);
    expect(await countReadySpares(db.pool, tenantMigrations)).toBe(3);
    const spares = (await db.shared.spareSchema.findMany()).map((spare) => spare.schemaName);

    const created = await Promise.all(
      [1, 2, 3, 4].map((n) => provisioner.provision({ name: `Fast ${n}`, schemaName: `prov_fast${n}`, domain: `fast${n}.example.com` })),
    );
    expect(created.filter((tenant) => tenant.fromSpare)).toHaveLength(3);
    expect(created.filter((tenant) => !tenant.fromSpare)).toHaveLength(1);
    for (const tenant of created) expect(await tablesIn(tenant.schemaName)).toEqual(EXPECTED_TABLES);
    for (const spare of spares) expect(await tablesIn(spare)).toEqual([]);
    expect(await db.shared.spareSchema.count()).toBe(0);
    const states = await db.shared.schemaMigrationState.findMany({ where: { schemaName: { startsWith: 'prov_fast' } } });
    expect(states.map((state) => state.checksum)).toEqual(Array(4).fill(fingerprintOf(tenantMigrations.migrations)));
    expect(await db.shared.appliedMigration.count({ where: { schemaName: { startsWith: '_spare_' } } })).toBe(0);
  });

  it('at another migration version are never claimed', async () => {
    await topUpSpareSchemas(db.pool, tenantMigrations, 1);
    const newer = migrationSetWith({
      ...Object.fromEntries(tenantMigrations.migrations.map((m) => [m.name, m.sql])),
      '20991231000000_newer': 'CREATE TABLE newer_table (id int);',
    });
    const tenant = await createTenantProvisioner({ pool: db.pool, tenantMigrations: newer })
      .provision({ name: 'Newer', schemaName: 'prov_newer', domain: 'newer.example.com' });
    expect(tenant.fromSpare).toBe(false);
    expect(await tablesIn('prov_newer')).toContain('newer_table');
    expect(await countReadySpares(db.pool, tenantMigrations)).toBe(1);
  });
});

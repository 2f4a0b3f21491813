/**
 * The Prisma schemas and the hand-written SQL migrations describe the same tables: every model of both clients
 * can be read, with every scalar field, from a freshly migrated database and tenant schema (a missing table or
 * column fails the SELECT that findFirst sends).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma as SharedPrisma } from '../src/generated/shared/client.ts';
import { Prisma as TenantPrisma } from '../src/generated/tenant/client.ts';
import { createDatabase, createTenantProvisioner, loadMigrationSet, type Database } from '../src/index.ts';
import { createMigratedTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  testDb = await createMigratedTestDatabase();
  db = createDatabase({ connectionString: testDb.url, poolSize: 2 });
  await createTenantProvisioner({ pool: db.pool, tenantMigrations: loadMigrationSet('tenant') })
    .provision({ name: 'Schema check', schemaName: 'schema_check', domain: 'schema-check.test' });
});

afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

const delegateName = (model: string) => model.charAt(0).toLowerCase() + model.slice(1);

type Delegate = { findFirst(args: object): Promise<unknown> };

describe('the Prisma schemas agree with the migrations', () => {
  it.each(Object.values(SharedPrisma.ModelName))('shared model %s reads every field from public', async (model) => {
    const delegate = (db.shared as unknown as Record<string, Delegate>)[delegateName(model)]!;
    await expect(delegate.findFirst({})).resolves.toBeDefined();
  });

  it.each(Object.values(TenantPrisma.ModelName))('tenant model %s reads every field from a tenant schema', async (model) => {
    const delegate = (db.tenants.forSchema('schema_check') as unknown as Record<string, Delegate>)[delegateName(model)]!;
    await expect(delegate.findFirst({})).resolves.toBeDefined();
  });

  it('public holds exactly the shared tables, and a tenant schema exactly the tenant tables', async () => {
    const tablesIn = async (schema: string) =>
      (await db.pool.query(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
        [schema],
      )).rows.map((row) => row.table_name as string);
    expect(await tablesIn('public')).toEqual(
      [
        '_applied_migrations', '_schema_migration_state', 'audit_events', 'domains', 'masquerade_sessions',
        'permission_grants', 'plugin_installations', 'plugin_ratings', 'plugin_templates', 'sessions', 'spare_schemas',
        'tenants', 'users',
      ],
    );
    expect(await tablesIn('schema_check')).toEqual([
      'appointments', 'billing_settings', 'blockers', 'business_hours', 'customers', 'idempotency_keys', 'media',
      'notification_outbox', 'plugin_failures', 'resources', 'scheduling_settings', 'service_resources', 'services',
      'webhook_deliveries',
    ]);
  });
});

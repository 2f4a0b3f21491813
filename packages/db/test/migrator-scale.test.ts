import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrationSet, runMigrations, silentReporter, type MigrationSet } from '../src/index.ts';
import { createMigratedTestDatabase, type TestDatabase } from '../src/testing/index.ts';
import { countApplied, MigrationFolders, openPool, TWO_MIGRATIONS } from './migrator-fixtures.ts';

const SCHEMAS = 1000;
const shared = loadMigrationSet('shared');
const folders = new MigrationFolders();
let database: TestDatabase;
let pool: pg.Pool;
let tenant: MigrationSet;

beforeAll(async () => {
  database = await createMigratedTestDatabase();
  pool = openPool(database.url, 8);
  tenant = folders.write('tenant', TWO_MIGRATIONS).set;
  // 1,000 tenants and their schemas in one statement; quote_ident keeps even generated names quoted.
  await pool.query(
    `DO $$ BEGIN
       FOR i IN 1..${SCHEMAS} LOOP
         INSERT INTO public.tenants (id, name, schema_name) VALUES (gen_random_uuid(), 'scale ' || i, format('scale_%s', lpad(i::text, 4, '0')));
         EXECUTE format('CREATE SCHEMA %I', format('scale_%s', lpad(i::text, 4, '0')));
       END LOOP;
     END $$`,
  );
  const first = await runMigrations({ pool, shared, tenant, concurrency: 8 });
  expect(first).toMatchObject({ migrated: SCHEMAS, failed: 0 });
}, 180_000);

afterAll(async () => {
  await pool?.end();
  await database?.drop();
  folders.removeAll();
});

describe(`a no-op run over ${SCHEMAS} schemas`, () => {
  // Its speed is measured by `pnpm bench:tenancy`, not asserted here; this checks the work stays constant.
  it('writes nothing and takes a constant handful of connections, none per schema', async () => {
    const appliedBefore = await countApplied(pool);
    const { rows: before } = await pool.query('SELECT max(last_run_at) AS last, count(*)::int AS n FROM public._schema_migration_state');
    // Counts connection checkouts (pool.query checks one out too): one per schema would mean a transaction each.
    let checkouts = 0;
    const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
    pool.connect = ((...args: unknown[]) => {
      checkouts += 1;
      return connect(...args);
    }) as typeof pool.connect;

    const report = await runMigrations({ pool, shared, tenant, concurrency: 4, reporter: silentReporter });

    expect(report).toMatchObject({ migrated: 0, failed: 0, upToDate: SCHEMAS + 1 });
    expect(await countApplied(pool)).toBe(appliedBefore);
    const { rows: after } = await pool.query('SELECT max(last_run_at) AS last, count(*)::int AS n FROM public._schema_migration_state');
    expect(after).toEqual(before);
    // A handful of statements in all, none per schema.
    expect(checkouts).toBeLessThan(10);
  });
});

import { rmSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countReadySpares, loadMigrationSet, runMigrations, topUpSpareSchemas, type MigrationSet } from '../src/index.ts';
import { defaultMigrationsDirectory, fingerprintOf } from '../src/migrator/migration-files.ts';
import { createMigratedTestDatabase, createTestDatabase, type TestDatabase } from '../src/testing/index.ts';
import {
  addSpare,
  addTenants,
  appliedNames,
  countApplied,
  INIT,
  LATER,
  MigrationFolders,
  MORE,
  openPool,
  stateOf,
  tablesIn,
  TWO_MIGRATIONS,
} from './migrator-fixtures.ts';

const shared = loadMigrationSet('shared');
const folders = new MigrationFolders();
const databases: TestDatabase[] = [];
const pools: pg.Pool[] = [];

async function freshPool(options: { sharedMigrated: boolean }): Promise<pg.Pool> {
  const database = options.sharedMigrated ? await createMigratedTestDatabase() : await createTestDatabase();
  databases.push(database);
  const pool = openPool(database.url);
  pools.push(pool);
  return pool;
}

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await Promise.all(databases.map((database) => database.drop()));
  folders.removeAll();
});

function resultFor(report: Awaited<ReturnType<typeof runMigrations>>, schema: string) {
  const result = report.schemas.find((entry) => entry.schemaName === schema);
  if (!result) throw new Error(`${schema} is not in the report`);
  return result;
}

describe('a fresh run, then a no-op re-run', () => {
  let pool: pg.Pool;
  let tenant: MigrationSet;
  const tenants = ['fresh_a', 'fresh_b', 'fresh_c'];
  const spare = '_spare_00000000000000aa';

  beforeAll(async () => {
    pool = await freshPool({ sharedMigrated: false });
    tenant = folders.write('tenant', TWO_MIGRATIONS).set;
  });

  it('migrates public on an empty database, then every tenant schema and spare', async () => {
    const first = await runMigrations({ pool, shared, tenant });
    expect(first.shared).toMatchObject({
      schemaName: 'public', status: 'migrated', applied: shared.migrations.map((migration) => migration.name),
    });
    expect(first.schemas).toEqual([]);
    expect(await tablesIn(pool, 'public')).toContain('tenants');

    await addTenants(pool, tenants);
    await addSpare(pool, spare);
    const report = await runMigrations({ pool, shared, tenant, concurrency: 2 });

    expect(report).toMatchObject({ failed: 0, migrated: 4, upToDate: 1 });
    expect(report.shared.status).toBe('up-to-date');
    expect(report.schemas.map((result) => [result.schemaName, result.kind, result.status])).toEqual([
      ['fresh_a', 'tenant', 'migrated'],
      ['fresh_b', 'tenant', 'migrated'],
      ['fresh_c', 'tenant', 'migrated'],
      [spare, 'spare', 'migrated'],
    ]);
    for (const schema of [...tenants, spare]) {
      expect(resultFor(report, schema).applied).toEqual([INIT, MORE]);
      expect(await tablesIn(pool, schema)).toEqual(['things', 'widgets']);
      expect(await appliedNames(pool, schema)).toEqual([INIT, MORE]);
      const state = await stateOf(pool, schema);
      expect(state).toMatchObject({ kind: 'tenant', version: MORE, checksum: fingerprintOf(tenant.migrations), last_error: null });
      expect(state!.duration_ms).toEqual(expect.any(Number));
      expect(state!.last_run_at).toBeInstanceOf(Date);
    }
    // Nothing of a tenant migration lands in public.
    expect(await tablesIn(pool, 'public')).not.toContain('things');
    expect((await stateOf(pool, 'public'))).toMatchObject({ kind: 'shared', version: shared.migrations.at(-1)!.name, last_error: null });
  });

  it('re-run is a no-op: every schema up to date, no row written', async () => {
    const appliedBefore = await countApplied(pool);
    const { rows: statesBefore } = await pool.query('SELECT * FROM public._schema_migration_state ORDER BY schema_name');

    const report = await runMigrations({ pool, shared, tenant });

    expect(report).toMatchObject({ failed: 0, migrated: 0, upToDate: 5 });
    expect(report.schemas.every((result) => result.status === 'up-to-date' && result.applied.length === 0)).toBe(true);
    expect(await countApplied(pool)).toBe(appliedBefore);
    const { rows: statesAfter } = await pool.query('SELECT * FROM public._schema_migration_state ORDER BY schema_name');
    expect(statesAfter).toEqual(statesBefore);
  });

  it('a new migration is applied to every schema, and only it', async () => {
    const next = folders.write('tenant', { ...TWO_MIGRATIONS, [LATER]: 'CREATE TABLE "gadgets" ("id" INTEGER);' }).set;
    const report = await runMigrations({ pool, shared, tenant: next });
    expect(report).toMatchObject({ failed: 0, migrated: 4 });
    for (const schema of [...tenants, spare]) {
      expect(resultFor(report, schema).applied).toEqual([LATER]);
      expect(await tablesIn(pool, schema)).toEqual(['gadgets', 'things', 'widgets']);
      expect((await stateOf(pool, schema))!.checksum).toBe(fingerprintOf(next.migrations));
    }
  });
});

describe('a migration that fails in one schema', () => {
  let pool: pg.Pool;
  let tenant: MigrationSet;

  beforeAll(async () => {
    pool = await freshPool({ sharedMigrated: true });
    tenant = folders.write('tenant', TWO_MIGRATIONS).set;
    await addTenants(pool, ['fail_a', 'fail_b', 'fail_c']);
    // Only fail_b already has a "widgets": the second migration fails there, after the first one ran.
    await pool.query('CREATE TABLE fail_b.widgets (existing INTEGER)');
  });

  it('rolls that schema back, records its error, and migrates the others', async () => {
    const report = await runMigrations({ pool, shared, tenant, concurrency: 3 });

    expect(report).toMatchObject({ failed: 1, migrated: 2 });
    const failed = resultFor(report, 'fail_b');
    expect(failed.status).toBe('failed');
    expect(failed.applied).toEqual([]);
    expect(failed.error).toContain(MORE);
    expect(failed.error).toMatch(/relation "widgets" already exists/);
    // The first migration's table was created in the same transaction and went with it.
    expect(await tablesIn(pool, 'fail_b')).toEqual(['widgets']);
    expect(await appliedNames(pool, 'fail_b')).toEqual([]);
    const state = await stateOf(pool, 'fail_b');
    expect(state!.last_error).toContain('relation "widgets" already exists');
    expect(state!.version).toBeNull();

    for (const schema of ['fail_a', 'fail_c']) {
      expect(resultFor(report, schema).status).toBe('migrated');
      expect(await tablesIn(pool, schema)).toEqual(['things', 'widgets']);
    }
  });

  it('a re-run after the fix migrates only that schema and clears its error', async () => {
    await pool.query('DROP TABLE fail_b.widgets');
    const report = await runMigrations({ pool, shared, tenant });

    expect(report).toMatchObject({ failed: 0, migrated: 1 });
    expect(resultFor(report, 'fail_b')).toMatchObject({ status: 'migrated', applied: [INIT, MORE] });
    expect(resultFor(report, 'fail_a').status).toBe('up-to-date');
    expect(await tablesIn(pool, 'fail_b')).toEqual(['things', 'widgets']);
    expect(await stateOf(pool, 'fail_b')).toMatchObject({ version: MORE, last_error: null });
  });
});

describe('drift and broken listings', () => {
  let pool: pg.Pool;
  let dir: string;
  let tenant: MigrationSet;

  beforeAll(async () => {
    pool = await freshPool({ sharedMigrated: true });
    ({ dir, set: tenant } = folders.write('tenant', TWO_MIGRATIONS));
    await addTenants(pool, ['drift_a', 'drift_b']);
    expect((await runMigrations({ pool, shared, tenant })).migrated).toBe(2);
  });

  it('an applied file that was edited is a checksum mismatch: reported, recorded, nothing applied', async () => {
    const edited = folders.write('tenant', {
      [INIT]: `${TWO_MIGRATIONS[INIT]}\n-- edited after it was applied`,
      [LATER]: 'CREATE TABLE "gadgets" ("id" INTEGER);',
    }, dir).set;

    const report = await runMigrations({ pool, shared, tenant: edited });

    expect(report.failed).toBe(2);
    for (const schema of ['drift_a', 'drift_b']) {
      const result = resultFor(report, schema);
      expect(result.status).toBe('failed');
      expect(result.error).toMatch(/^checksum mismatch: 20260101000000_init was changed/);
      expect(await tablesIn(pool, schema)).toEqual(['things', 'widgets']);
      expect(await appliedNames(pool, schema)).toEqual([INIT, MORE]);
      expect((await stateOf(pool, schema))!.last_error).toMatch(/checksum mismatch/);
    }

    // Putting the file back resumes: the new migration is applied and the error cleared.
    const restored = folders.write('tenant', { [INIT]: TWO_MIGRATIONS[INIT]! }, dir).set;
    const resumed = await runMigrations({ pool, shared, tenant: restored });
    expect(resumed).toMatchObject({ failed: 0, migrated: 2 });
    expect(resultFor(resumed, 'drift_a').applied).toEqual([LATER]);
    expect((await stateOf(pool, 'drift_a'))!.last_error).toBeNull();
  });

  it('an applied migration whose file is gone is drift too', async () => {
    rmSync(path.join(dir, MORE), { recursive: true });
    const report = await runMigrations({ pool, shared, tenant: loadMigrationSet('tenant', dir) });
    expect(report.failed).toBe(2);
    expect(resultFor(report, 'drift_a').error).toBe(`${MORE} was applied but its migration file is missing`);
    folders.write('tenant', { [MORE]: TWO_MIGRATIONS[MORE]! }, dir);
  });

  it('a tenant whose schema is missing fails on its own; the others still migrate', async () => {
    const current = loadMigrationSet('tenant', dir);
    await addTenants(pool, ['drift_gone'], { createSchema: false });
    await addTenants(pool, ['drift_new']);

    const report = await runMigrations({ pool, shared, tenant: current });

    expect(report.failed).toBe(1);
    expect(resultFor(report, 'drift_gone')).toMatchObject({ status: 'failed', error: expect.stringContaining('does not exist') });
    expect((await stateOf(pool, 'drift_gone'))!.last_error).toMatch(/schema drift_gone does not exist/);
    expect(resultFor(report, 'drift_new')).toMatchObject({ status: 'migrated', applied: [INIT, MORE, LATER] });
    await pool.query(`DELETE FROM public.tenants WHERE schema_name = 'drift_gone'`);
  });

  it('a hostile name in spare_schemas is refused, never interpolated', async () => {
    // tenants has a CHECK on schema_name; spare_schemas has none, so a bad row can only come from there.
    const hostile = '_spare_x"; DROP TABLE public.tenants; --';
    await pool.query('INSERT INTO public.spare_schemas (schema_name) VALUES ($1)', [hostile]);
    const report = await runMigrations({ pool, shared, tenant: loadMigrationSet('tenant', dir) });
    expect(resultFor(report, hostile)).toMatchObject({ status: 'failed', error: expect.stringContaining('not a spare schema name') });
    expect(report.failed).toBe(1);
    expect(await tablesIn(pool, 'public')).toContain('tenants');
  });
});

describe('spare schemas', () => {
  it('are migrated like tenants, so provisioning can still claim them at the new version', async () => {
    const pool = await freshPool({ sharedMigrated: true });
    const v1 = folders.write('tenant', { [INIT]: TWO_MIGRATIONS[INIT]! }).set;
    expect(await topUpSpareSchemas(pool, v1, 2)).toBe(2);
    const v2 = folders.write('tenant', TWO_MIGRATIONS).set;
    expect(await countReadySpares(pool, v2)).toBe(0);

    const report = await runMigrations({ pool, shared, tenant: v2 });

    expect(report.schemas.map((result) => [result.kind, result.status, result.applied])).toEqual([
      ['spare', 'migrated', [MORE]],
      ['spare', 'migrated', [MORE]],
    ]);
    expect(await countReadySpares(pool, v2)).toBe(2);
  });
});

describe('a failing shared migration', () => {
  it('stops the run before any tenant schema is touched', async () => {
    const pool = await freshPool({ sharedMigrated: true });
    const tenant = folders.write('tenant', TWO_MIGRATIONS).set;
    await addTenants(pool, ['shared_fail_a']);
    // Named to sort after every real shared migration, whatever is added later.
    const brokenDir = folders.write('shared', { '99991231000000_broken': 'CREATE TABLE public.half_made (id INT);\nSELECT 1/0;' }).dir;
    // The real shared migration plus a broken one after it.
    const real = loadMigrationSet('shared', defaultMigrationsDirectory('shared'));
    folders.write('shared', Object.fromEntries(real.migrations.map((m) => [m.name, m.sql])), brokenDir);
    const broken = loadMigrationSet('shared', brokenDir);

    const report = await runMigrations({ pool, shared: broken, tenant });

    expect(report.shared).toMatchObject({ status: 'failed', error: expect.stringContaining('division by zero') });
    expect(report.schemas).toEqual([]);
    expect(report.failed).toBe(1);
    expect(await tablesIn(pool, 'shared_fail_a')).toEqual([]);
    expect(await tablesIn(pool, 'public')).not.toContain('half_made');
    expect((await stateOf(pool, 'public'))!.last_error).toContain('99991231000000_broken');
  });
});

describe('bounded concurrency', () => {
  it('never migrates more schemas at once than asked, and does run them in parallel', async () => {
    const pool = await freshPool({ sharedMigrated: true });
    const names = Array.from({ length: 8 }, (_, i) => `conc_${i}`);
    await addTenants(pool, names);
    await pool.query('CREATE TABLE public.probe (schema_name TEXT, started TIMESTAMPTZ, ended TIMESTAMPTZ)');
    const tenant = folders.write('tenant', {
      [INIT]: `INSERT INTO public.probe VALUES (current_schema(), clock_timestamp(), NULL);
SELECT pg_sleep(0.2);
UPDATE public.probe SET ended = clock_timestamp() WHERE schema_name = current_schema();`,
    }).set;

    let peakConnections = 0;
    const watcher = setInterval(() => (peakConnections = Math.max(peakConnections, pool.totalCount)), 5);
    const report = await runMigrations({ pool, shared, tenant, concurrency: 3 });
    clearInterval(watcher);

    expect(report.migrated).toBe(8);
    const { rows } = await pool.query<{ started: Date; ended: Date }>('SELECT started, ended FROM public.probe');
    expect(rows).toHaveLength(8);
    const peakOverlap = Math.max(
      ...rows.map((row) => rows.filter((other) => other.started <= row.started && other.ended > row.started).length),
    );
    expect(peakOverlap).toBe(3);
    // The pool allows 10, the run used at most 3 (the lock has its own connection, outside the pool).
    expect(peakConnections).toBeLessThanOrEqual(3);
  });
});

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTenantProvisioner,
  loadMigrationSet,
  MigrationLockTimeoutError,
  runMigrations,
  type MigrationSet,
} from '../src/index.ts';
import { MIGRATION_LOCK_KEY } from '../src/migrator/migration-lock.ts';
import { createRecordingReporter, type MigrationEvent } from '../src/migrator/migration-progress.ts';
import { createMigratedTestDatabase, type TestDatabase } from '../src/testing/index.ts';
import { addTenants, INIT, MigrationFolders, openPool, stateOf, tablesIn } from './migrator-fixtures.ts';

const shared = loadMigrationSet('shared');
const folders = new MigrationFolders();
let database: TestDatabase;
let pool: pg.Pool;
let slow: MigrationSet;
let schemaCounter = 0;

/** Each migration records when it ran, and sleeps, so two runs that overlapped would show it. */
const SLOW_MIGRATION = `INSERT INTO public.runs VALUES (current_schema(), clock_timestamp(), NULL);
SELECT pg_sleep(0.15);
UPDATE public.runs SET ended = clock_timestamp() WHERE schema_name = current_schema();`;

beforeAll(async () => {
  database = await createMigratedTestDatabase();
  pool = openPool(database.url);
  await pool.query('CREATE TABLE public.runs (schema_name TEXT, started TIMESTAMPTZ, ended TIMESTAMPTZ)');
  slow = folders.write('tenant', { [INIT]: SLOW_MIGRATION }).set;
});

afterAll(async () => {
  await pool?.end();
  await database?.drop();
  folders.removeAll();
});

async function newTenants(count: number): Promise<string[]> {
  const names = Array.from({ length: count }, () => `lock_${schemaCounter++}`);
  await addTenants(pool, names);
  return names;
}

/** Another session holding the migrator's lock, as a second migrator would. */
async function holdLockElsewhere(): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
  return {
    async release() {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
      await client.end();
    },
  };
}

async function lockIsFree(): Promise<boolean> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [MIGRATION_LOCK_KEY]);
    return rows[0].locked === true;
  } finally {
    await client.end();
  }
}

const waits = (events: MigrationEvent[]) => events.filter((event) => event.type === 'waiting-for-lock').length;

describe('the migration lock', () => {
  it('two migrators started together run one after the other, never overlapping', async () => {
    const names = await newTenants(4);
    const acquiredAt: number[] = [];
    const recorders = [createRecordingReporter(), createRecordingReporter()];
    const run = (recorder: ReturnType<typeof createRecordingReporter>) =>
      runMigrations({
        pool,
        shared,
        tenant: slow,
        concurrency: 2,
        reporter: {
          onEvent(event) {
            if (event.type === 'lock-acquired') acquiredAt.push(Date.now());
            recorder.onEvent(event);
          },
        },
      });

    const reports = await Promise.all(recorders.map(run));

    // One did the work; the other waited for it, then found everything up to date.
    expect(reports.map((report) => report.migrated).sort()).toEqual([0, 4]);
    expect(reports.every((report) => report.failed === 0)).toBe(true);
    expect(recorders.map((recorder) => waits(recorder.events)).sort()).toEqual([0, 1]);
    // The second got the lock only after the first run's last migration had ended.
    const { rows } = await pool.query<{ last: Date }>(
      'SELECT max(ended) AS last FROM public.runs WHERE schema_name = ANY($1)',
      [names],
    );
    expect(Math.max(...acquiredAt)).toBeGreaterThanOrEqual(rows[0]!.last.getTime());
    expect(await lockIsFree()).toBe(true);
  });

  it('waits for a migrator that holds the lock, says so once, then migrates', async () => {
    const [name] = await newTenants(1);
    const other = await holdLockElsewhere();
    const reporter = createRecordingReporter();
    let settled = false;
    const running = runMigrations({ pool, shared, tenant: slow, reporter, lockTimeoutMs: 20_000 }).finally(() => {
      settled = true;
    });

    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(settled).toBe(false);
    expect(waits(reporter.events)).toBe(1);
    expect(await tablesIn(pool, name!)).toEqual([]);
    await other.release();

    const report = await running;
    expect(report.migrated).toBe(1);
    const acquired = reporter.events.find((event) => event.type === 'lock-acquired');
    expect(acquired).toMatchObject({ waitedMs: expect.any(Number) });
    expect((acquired as { waitedMs: number }).waitedMs).toBeGreaterThanOrEqual(500);
    expect(waits(reporter.events)).toBe(1);
  });

  it('gives up after lockTimeoutMs with a clear error, having touched nothing', async () => {
    const [name] = await newTenants(1);
    const other = await holdLockElsewhere();
    try {
      const started = performance.now();
      const attempt = runMigrations({ pool, shared, tenant: slow, lockTimeoutMs: 400 });
      await expect(attempt).rejects.toBeInstanceOf(MigrationLockTimeoutError);
      await expect(attempt).rejects.toThrow(/Another migrator still holds the migration lock/);
      expect(performance.now() - started).toBeGreaterThanOrEqual(350);
      expect(await tablesIn(pool, name!)).toEqual([]);
      expect(await stateOf(pool, name!)).toBeUndefined();
    } finally {
      await other.release();
    }
  });

  it('is released when a schema fails, and when the run throws', async () => {
    const [name] = await newTenants(1);
    await pool.query(`CREATE TABLE ${name}.marker (id INT)`);
    const failing = folders.write('tenant', { [INIT]: 'CREATE TABLE "marker" (id INT);' }).set;
    const report = await runMigrations({ pool, shared, tenant: failing });
    expect(report.schemas.find((result) => result.schemaName === name)?.status).toBe('failed');
    expect(await lockIsFree()).toBe(true);

    // A reporter that throws makes the run itself throw, mid-way.
    const exploding = { onEvent: (event: MigrationEvent) => { if (event.type === 'shared-done') throw new Error('boom'); } };
    await expect(runMigrations({ pool, shared, tenant: slow, reporter: exploding })).rejects.toThrow('boom');
    expect(await lockIsFree()).toBe(true);
  });

  it('provisioning waits while a migrator runs, then builds the tenant from the new migrations', async () => {
    const names = await newTenants(3);
    let lockTaken!: () => void;
    const locked = new Promise<void>((resolve) => (lockTaken = resolve));
    const reporter = { onEvent: (event: MigrationEvent) => event.type === 'lock-acquired' && lockTaken() };
    const running = runMigrations({ pool, shared, tenant: slow, concurrency: 1, reporter });
    await locked;
    const provisioner = createTenantProvisioner({ pool, tenantMigrations: slow });
    const provisioned = provisioner
      .provision({ name: 'During', schemaName: 'lock_during', domain: 'lock-during.example.com' })
      .then(() => Date.now());

    const [report, provisionedAt] = await Promise.all([running, provisioned]);

    const statuses = report.schemas.filter((result) => names.includes(result.schemaName)).map((result) => result.status);
    expect(statuses).toEqual(['migrated', 'migrated', 'migrated']);
    const { rows } = await pool.query<{ last: Date }>(
      'SELECT max(ended) AS last FROM public.runs WHERE schema_name = ANY($1)',
      [names],
    );
    expect(provisionedAt).toBeGreaterThanOrEqual(rows[0]!.last.getTime());
    expect(await stateOf(pool, 'lock_during')).toMatchObject({ version: INIT, last_error: null });
  });
});

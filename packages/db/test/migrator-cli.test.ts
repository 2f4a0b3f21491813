import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrationSet } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';
import { addTenants, openPool, stateOf, tablesIn } from './migrator-fixtures.ts';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
// The repository's real migrations: the lines name them.
const sharedNames = loadMigrationSet('shared').migrations.map((migration) => migration.name);
const tenantNames = loadMigrationSet('tenant').migrations.map((migration) => migration.name);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
let database: TestDatabase;
let pool: pg.Pool;

interface CliResult {
  code: number;
  output: string;
}

/** Runs `pnpm db:migrate`'s script as a person would, with its output on pipes (so not a terminal). */
function migrate(args: string[], env: Record<string, string> = { DATABASE_URL: database.url }): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      'pnpm',
      ['exec', 'tsx', 'scripts/migrate.ts', ...args],
      { cwd: REPOSITORY_ROOT, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  pool = openPool(database.url, 2);
});

afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

describe('pnpm db:migrate', () => {
  it.each(['0', '65', '2.5', 'abc', '-1'])('refuses --concurrency %s with exit code 2, before touching the database', async (value) => {
    const result = await migrate([`--concurrency=${value}`], { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' });
    expect(result.code).toBe(2);
    expect(result.output).toContain(`--concurrency must be a whole number from 1 to 64, got "${value}"`);
  });

  it('--help prints the usage and exits 0', async () => {
    const result = await migrate(['--help'], { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' });
    expect(result.code).toBe(0);
    expect(result.output).toContain('Usage: pnpm db:migrate [--concurrency N]');
  });

  it('migrates a new database and exits 0, in plain lines when not on a terminal', async () => {
    const result = await migrate([]);
    expect(result.code).toBe(0);
    expect(result.output).toMatch(new RegExp(`^✓ public: applied ${escape(sharedNames.join(', '))} \\(\\d+ ms\\)$`, 'm'));
    expect(result.output).toMatch(/^1 schemas: 1 migrated, 0 up to date, 0 failed/m);
    expect(result.output).not.toMatch(/[\r\x1b]/);
    expect(await tablesIn(pool, 'public')).toContain('tenants');
  });

  it('migrates tenant schemas with one line each, and a re-run has nothing to do', async () => {
    await addTenants(pool, ['cli_a', 'cli_b']);
    const result = await migrate(['--concurrency', '2']);
    expect(result.code).toBe(0);
    expect(result.output).toMatch(new RegExp(`^✓ cli_a: applied ${escape(tenantNames.join(', '))} \\(\\d+ ms\\)$`, 'm'));
    expect(result.output).toMatch(new RegExp(`^✓ cli_b: applied ${escape(tenantNames.join(', '))} \\(\\d+ ms\\)$`, 'm'));
    expect(result.output).toMatch(/^3 schemas: 2 migrated, 1 up to date, 0 failed/m);
    expect(await tablesIn(pool, 'cli_a')).toContain('appointments');

    const again = await migrate([]);
    expect(again.code).toBe(0);
    expect(again.output).toMatch(/^3 schemas: 0 migrated, 3 up to date, 0 failed/m);
    expect(again.output).not.toMatch(/applied/);
  });

  it('exits 1 when a schema fails, naming it and its error, and still migrates the rest', async () => {
    await addTenants(pool, ['cli_bad', 'cli_good']);
    await pool.query('CREATE TABLE cli_bad.resources (id INT)');
    const result = await migrate([]);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(
      new RegExp(`^✗ cli_bad failed: ${escape(tenantNames[0]!)} failed in schema cli_bad: relation "resources" already exists$`, 'm'),
    );
    expect(result.output).toMatch(/^5 schemas: 1 migrated, 3 up to date, 1 failed/m);
    expect(result.output).toMatch(/^ {2}cli_bad: .*relation "resources" already exists$/m);
    expect((await stateOf(pool, 'cli_bad'))!.last_error).toContain('already exists');
    expect(await tablesIn(pool, 'cli_good')).toContain('appointments');
  });
});

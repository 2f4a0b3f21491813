/**
 * pnpm db:migrate [--concurrency N]
 *
 * Applies the shared migrations to public, then the tenant migrations to every tenant and spare schema, then
 * writes the shipped plugins into the marketplace catalog. Exits 0
 * when every schema is up to date, 1 when any failed (a re-run retries those), 2 on a bad flag.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  createConsoleReporter,
  DEFAULT_MIGRATION_CONCURRENCY,
  loadMigrationSet,
  runMigrations,
} from '@smoothschedule/db';
import { reportCliError } from './lib/cli-errors.ts';
import { ensureDatabaseUrl } from './lib/database-url.ts';
import { syncCatalogAt } from './lib/plugin-catalog.ts';

const MAX_CONCURRENCY = 64;

const USAGE = `Usage: pnpm db:migrate [--concurrency N]

  --concurrency N   schemas migrated at once, 1 to ${MAX_CONCURRENCY} (default ${DEFAULT_MIGRATION_CONCURRENCY})
  --help            show this text

Uses DATABASE_URL; without it, the embedded PostgreSQL in .data/postgres (EMBEDDED_POSTGRES_DIR,
EMBEDDED_POSTGRES_PORT). Exit code: 0 all schemas fine, 1 some schema failed, 2 bad usage.`;

/** The --concurrency value, or a message saying what is wrong with it. */
export function parseConcurrency(raw: string | undefined): number | string {
  if (raw === undefined) return DEFAULT_MIGRATION_CONCURRENCY;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(value) || value < 1 || value > MAX_CONCURRENCY) {
    return `--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, got "${raw}"`;
  }
  return value;
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { concurrency: { type: 'string' }, help: { type: 'boolean', default: false } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const concurrency = parseConcurrency(values.concurrency);
  if (typeof concurrency === 'string') {
    console.error(`${concurrency}\n${USAGE}`);
    return 2;
  }

  let shared, tenant;
  try {
    shared = loadMigrationSet('shared');
    tenant = loadMigrationSet('tenant');
  } catch (error) {
    return reportCliError(error);
  }
  const connection = await ensureDatabaseUrl();
  // As many connections as schemas in flight; the lock takes one more of its own.
  const pool = new pg.Pool({ connectionString: connection.url, max: concurrency });
  pool.on('error', () => undefined);
  try {
    const report = await runMigrations({
      pool,
      shared,
      tenant,
      concurrency,
      reporter: createConsoleReporter(process.stderr),
    });
    // The catalog lives in public: it follows the code whenever public is migrated, whatever a tenant schema did.
    if (report.shared.status !== 'failed') await syncCatalogAt(connection.url);
    return report.failed > 0 ? 1 : 0;
  } catch (error) {
    return reportCliError(error);
  } finally {
    await pool.end();
    await connection.stop();
  }
}

// Explicitly: the embedded PostgreSQL package ends the process with code 0 from an exit hook, which would
// override process.exitCode.
process.exit(await main());

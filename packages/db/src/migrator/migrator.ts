/**
 * `pnpm db:migrate`: brings public, then every tenant and spare schema, to the current migrations.
 *
 * - One run at a time: the run holds MIGRATION_LOCK_KEY exclusively, which also keeps provisioning (shared holder)
 *   from creating a schema from migrations that are changing under it.
 * - One schema = one transaction; a failing schema rolls back, is recorded, and the run goes on.
 * - Idempotent and resumable: every schema's history is read in one query and planned in memory, so schemas that
 *   are up to date cost no transaction and no write, and a re-run only touches what is left.
 */
import type pg from 'pg';
import { inTransaction } from '../pg-transaction.ts';
import { isSpareSchemaName, isValidTenantSchemaName, tenantSchemaNameProblem } from '../schema-name.ts';
import { applyMigrations, recordMigrationFailure } from './apply-migrations.ts';
import { DEFAULT_LOCK_TIMEOUT_MS, holdMigrationLock } from './exclusive-migration-lock.ts';
import type { MigrationKind, MigrationSet } from './migration-files.ts';
import { planMigrations, type MigrationPlan } from './migration-plan.ts';
import { silentReporter, type MigrationReporter } from './migration-progress.ts';
import { summarize, type MigrationReport, type SchemaResult } from './migration-report.ts';
import { runWithConcurrency } from './run-with-concurrency.ts';
import { clearStaleErrors, inventoryTenantSchemas, type InventoriedSchema } from './schema-inventory.ts';
import { migrateSharedSchema } from './shared-migration.ts';

export const DEFAULT_MIGRATION_CONCURRENCY = 4;

export interface RunMigrationsOptions {
  /** Schemas are migrated on this pool's connections; its `max` should be at least `concurrency`. */
  pool: pg.Pool;
  shared: MigrationSet;
  tenant: MigrationSet;
  /** Schemas migrated at once (default 4). The lock takes one more connection, outside the pool. */
  concurrency?: number;
  /** Defaults to one that prints nothing. */
  reporter?: MigrationReporter;
  /** How long to wait for another migrator to finish (default 10 minutes). */
  lockTimeoutMs?: number;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}

/** Records a failure; a failure to record it is added to the message rather than ending the run. */
async function recordFailure(pool: pg.Pool, schemaName: string, kind: MigrationKind, error: string, ms: number) {
  try {
    await recordMigrationFailure(pool, schemaName, kind, error, ms);
    return error;
  } catch (recordError) {
    return `${error} (and recording the failure failed too: ${messageOf(recordError)})`;
  }
}

export async function runMigrations(options: RunMigrationsOptions): Promise<MigrationReport> {
  const concurrency = options.concurrency ?? DEFAULT_MIGRATION_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  if (options.shared.kind !== 'shared' || options.tenant.kind !== 'tenant') {
    throw new TypeError('runMigrations needs the shared migration set as `shared` and the tenant one as `tenant`');
  }
  const reporter = options.reporter ?? silentReporter;
  const started = performance.now();
  const lock = await holdMigrationLock(options.pool.options, {
    timeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
    onWait: () => reporter.onEvent({ type: 'waiting-for-lock' }),
  });
  try {
    reporter.onEvent({ type: 'lock-acquired', waitedMs: lock.waitedMs });
    const shared = await migrateShared(options.pool, options.shared);
    reporter.onEvent({ type: 'shared-done', result: shared });
    // Tenant migrations may rely on what the shared ones create: after a failed public, touch no tenant.
    const schemas = shared.status === 'failed' ? [] : await migrateTenantSchemas(options, concurrency, reporter);
    const report = summarize(shared, schemas, performance.now() - started);
    reporter.onEvent({ type: 'finished', report });
    return report;
  } finally {
    await lock.release();
  }
}

async function migrateShared(pool: pg.Pool, set: MigrationSet): Promise<SchemaResult> {
  const started = performance.now();
  const base = { schemaName: 'public', kind: 'shared' as const };
  let error: string;
  try {
    const plan = await migrateSharedSchema(pool, set);
    if (plan.status === 'pending') {
      return { ...base, status: 'migrated', applied: plan.pending.map((m) => m.name), durationMs: elapsed(started) };
    }
    if (plan.status === 'up-to-date') {
      await clearStaleErrors(pool, ['public']);
      return { ...base, status: 'up-to-date', applied: [], durationMs: elapsed(started) };
    }
    error = plan.problem;
  } catch (caught) {
    error = messageOf(caught);
  }
  const durationMs = elapsed(started);
  error = await recordFailure(pool, 'public', 'shared', error, durationMs);
  return { ...base, status: 'failed', applied: [], error, durationMs };
}

/** Why a listed schema cannot be migrated at all, or null. Checked before its name reaches any SQL. */
function schemaProblem(entry: InventoriedSchema): string | null {
  if (entry.kind === 'spare' && !isSpareSchemaName(entry.schemaName)) {
    return `"${entry.schemaName}" in public.spare_schemas is not a spare schema name`;
  }
  if (entry.kind === 'tenant' && !isValidTenantSchemaName(entry.schemaName)) {
    return `"${entry.schemaName}" in public.tenants is not a valid schema name: ${tenantSchemaNameProblem(entry.schemaName)}`;
  }
  if (!entry.exists) return `schema ${entry.schemaName} does not exist (it is listed in public.${entry.kind === 'spare' ? 'spare_schemas' : 'tenants'})`;
  return null;
}

async function migrateTenantSchemas(
  options: RunMigrationsOptions,
  concurrency: number,
  reporter: MigrationReporter,
): Promise<SchemaResult[]> {
  const { pool, tenant: set } = options;
  const inventory = await inventoryTenantSchemas(pool);
  const results = new Array<SchemaResult>(inventory.length);
  const toSettle: Array<{ index: number; plan: MigrationPlan }> = [];
  const staleErrors: string[] = [];
  inventory.forEach((entry, index) => {
    const plan = planMigrations(entry.applied, set);
    if (schemaProblem(entry) === null && plan.status === 'up-to-date') {
      results[index] = { schemaName: entry.schemaName, kind: entry.kind, status: 'up-to-date', applied: [], durationMs: 0 };
      if (entry.lastError !== null) staleErrors.push(entry.schemaName);
    } else {
      toSettle.push({ index, plan });
    }
  });
  await clearStaleErrors(pool, staleErrors);

  const total = inventory.length;
  let done = 0;
  let failed = 0;
  const emit = (result: SchemaResult) => {
    done += 1;
    if (result.status === 'failed') failed += 1;
    reporter.onEvent({ type: 'schema-done', result, done, total, failed });
  };
  reporter.onEvent({ type: 'planned', total, pending: toSettle.length });
  results.forEach(emit); // only the up-to-date ones so far: forEach skips the holes

  await runWithConcurrency(toSettle, concurrency, async ({ index, plan }) => {
    const result = await settleSchema(pool, inventory[index]!, plan);
    results[index] = result;
    emit(result);
  });
  return results;
}

/** Migrates one schema that is not up to date, or records why it cannot be. Never throws. */
async function settleSchema(pool: pg.Pool, entry: InventoriedSchema, plan: MigrationPlan): Promise<SchemaResult> {
  const started = performance.now();
  const base = { schemaName: entry.schemaName, kind: entry.kind };
  let error = schemaProblem(entry);
  if (error === null) {
    if (plan.status === 'drift') {
      error = plan.problem;
    } else if (plan.status === 'pending') {
      try {
        await inTransaction(pool, (client) =>
          applyMigrations(client, {
            schemaName: entry.schemaName,
            kind: 'tenant',
            alreadyApplied: entry.applied,
            pending: plan.pending,
            mode: 'each',
          }),
        );
        return { ...base, status: 'migrated', applied: plan.pending.map((m) => m.name), durationMs: elapsed(started) };
      } catch (caught) {
        error = messageOf(caught);
      }
    } else {
      return { ...base, status: 'up-to-date', applied: [], durationMs: elapsed(started) };
    }
  }
  const durationMs = elapsed(started);
  error = await recordFailure(pool, entry.schemaName, 'tenant', error, durationMs);
  return { ...base, status: 'failed', applied: [], error, durationMs };
}

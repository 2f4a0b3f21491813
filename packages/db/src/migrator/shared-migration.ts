import type pg from 'pg';
import { inTransaction } from '../pg-transaction.ts';
import { applyMigrations, type AppliedMigrationRecord } from './apply-migrations.ts';
import type { MigrationSet } from './migration-files.ts';
import { planMigrations, type MigrationPlan } from './migration-plan.ts';
import { ensureMigrationStateTables } from './migration-state-tables.ts';

export async function readAppliedMigrations(
  client: pg.ClientBase | pg.Pool,
  schemaName: string,
): Promise<AppliedMigrationRecord[]> {
  const result = await client.query<AppliedMigrationRecord>(
    'SELECT "name", "checksum" FROM public."_applied_migrations" WHERE "schema_name" = $1 ORDER BY "name"',
    [schemaName],
  );
  return result.rows;
}

/**
 * Brings public up to date in one transaction. Returns the plan it followed; a drift is returned, not applied.
 * The caller holds the migration lock when other processes may be migrating.
 */
export async function migrateSharedSchema(pool: pg.Pool, set: MigrationSet): Promise<MigrationPlan> {
  await ensureMigrationStateTables(pool);
  return inTransaction(pool, async (client) => {
    const applied = await readAppliedMigrations(client, 'public');
    const plan = planMigrations(applied, set);
    if (plan.status === 'pending') {
      await applyMigrations(client, { schemaName: 'public', kind: 'shared', alreadyApplied: applied, pending: plan.pending, mode: 'each' });
    }
    return plan;
  });
}

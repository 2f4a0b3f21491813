import type pg from 'pg';
import { applyMigrations } from '../migrator/apply-migrations.ts';
import type { MigrationSet } from '../migrator/migration-files.ts';
import { quoteIdentifier } from '../schema-name.ts';

/**
 * Creates a schema and replays every tenant migration into it in one round trip, recording them, inside the
 * caller's transaction (used for new tenants and for spares alike).
 */
export async function buildTenantSchema(client: pg.ClientBase, schemaName: string, tenantMigrations: MigrationSet): Promise<void> {
  await client.query(`CREATE SCHEMA ${quoteIdentifier(schemaName)}`);
  await applyMigrations(client, {
    schemaName,
    kind: 'tenant',
    alreadyApplied: [],
    pending: tenantMigrations.migrations,
    mode: 'combined',
  });
}

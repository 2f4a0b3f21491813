/**
 * Spare schemas: empty tenant schemas built ahead of time and migrated with the live tenants, so provisioning
 * only has to rename one. Spares are named `_spare_<random hex>`, which no tenant name can be.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { fingerprintOf, type MigrationSet } from '../migrator/migration-files.ts';
import { lockSchemaSetShared } from '../migrator/migration-lock.ts';
import { inTransaction } from '../pg-transaction.ts';
import { buildTenantSchema } from './tenant-schema-builder.ts';

export function newSpareSchemaName(): string {
  return `_spare_${randomBytes(8).toString('hex')}`;
}

/** How many spares are ready at the given migration version. */
export async function countReadySpares(pool: pg.Pool, tenantMigrations: MigrationSet): Promise<number> {
  const result = await pool.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM public."spare_schemas" s
     JOIN public."_schema_migration_state" st ON st."schema_name" = s."schema_name"
     WHERE st."checksum" = $1 AND st."last_error" IS NULL`,
    [fingerprintOf(tenantMigrations.migrations)],
  );
  return result.rows[0]?.count ?? 0;
}

/** Builds spares until `target` are ready; returns how many it built. Each spare is its own transaction. */
export async function topUpSpareSchemas(pool: pg.Pool, tenantMigrations: MigrationSet, target: number): Promise<number> {
  const missing = target - (await countReadySpares(pool, tenantMigrations));
  for (let built = 0; built < missing; built++) {
    const schemaName = newSpareSchemaName();
    await inTransaction(pool, async (client) => {
      await lockSchemaSetShared(client);
      await buildTenantSchema(client, schemaName, tenantMigrations);
      await client.query('INSERT INTO public."spare_schemas" ("schema_name") VALUES ($1)', [schemaName]);
    });
  }
  return Math.max(0, missing);
}

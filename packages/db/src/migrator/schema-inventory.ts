/**
 * What the migrator needs to know about every tenant and spare schema, in two queries whatever their number:
 * the schemas with their state, then all their applied migrations. Planning then happens in memory, which is
 * what keeps a no-op run over thousands of schemas to a fraction of a second.
 */
import type pg from 'pg';
import type { AppliedMigrationRecord } from './apply-migrations.ts';

export type TenantSchemaKind = 'tenant' | 'spare';

export interface InventoriedSchema {
  schemaName: string;
  kind: TenantSchemaKind;
  /** Whether PostgreSQL has the schema: a tenants row can outlive its schema. */
  exists: boolean;
  /** The error of the last run, if it failed. */
  lastError: string | null;
  /** Applied migrations, in order. */
  applied: AppliedMigrationRecord[];
}

interface SchemaRow {
  schema_name: string;
  kind: TenantSchemaKind;
  exists: boolean;
  last_error: string | null;
}

interface AppliedRow {
  schema_name: string;
  name: string;
  checksum: string;
}

export async function inventoryTenantSchemas(pool: pg.Pool): Promise<InventoriedSchema[]> {
  // A schema listed both as a tenant and as a spare is migrated once, as the tenant.
  const schemas = await pool.query<SchemaRow>(
    `SELECT DISTINCT ON (s."schema_name") s."schema_name", s."kind",
            n."nspname" IS NOT NULL AS "exists", st."last_error"
     FROM (SELECT "schema_name", 'tenant' AS "kind" FROM public."tenants"
           UNION ALL SELECT "schema_name", 'spare' FROM public."spare_schemas") s
     LEFT JOIN pg_catalog.pg_namespace n ON n."nspname" = s."schema_name"
     LEFT JOIN public."_schema_migration_state" st ON st."schema_name" = s."schema_name"
     ORDER BY s."schema_name", s."kind" DESC`,
  );
  const applied = await pool.query<AppliedRow>(
    `SELECT "schema_name", "name", "checksum" FROM public."_applied_migrations"
     WHERE "schema_name" <> 'public' ORDER BY "schema_name", "name"`,
  );
  const bySchema = new Map<string, AppliedMigrationRecord[]>();
  for (const row of applied.rows) {
    const list = bySchema.get(row.schema_name) ?? [];
    list.push({ name: row.name, checksum: row.checksum });
    bySchema.set(row.schema_name, list);
  }
  const inventory = schemas.rows.map((row) => ({
    schemaName: row.schema_name,
    kind: row.kind,
    exists: row.exists,
    lastError: row.last_error,
    applied: bySchema.get(row.schema_name) ?? [],
  }));
  // Live tenants first: with a bounded run, they are the ones waiting on it.
  return inventory.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'tenant' ? -1 : 1));
}

/** Clears the error left by an earlier run on schemas that are now fine without any work. */
export async function clearStaleErrors(pool: pg.Pool, schemaNames: readonly string[]): Promise<void> {
  if (schemaNames.length === 0) return;
  await pool.query(
    `UPDATE public."_schema_migration_state" SET "last_error" = NULL, "last_run_at" = now()
     WHERE "schema_name" = ANY($1::text[]) AND "last_error" IS NOT NULL`,
    [schemaNames],
  );
}

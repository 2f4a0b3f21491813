import type pg from 'pg';

/**
 * The migrator's bookkeeping in public. It must exist before the first shared migration runs, so the migrator
 * creates it; prisma/shared/schema.prisma declares the same tables (AppliedMigration, SchemaMigrationState) so
 * the platform can read them, and a test checks that the two agree.
 */
export const MIGRATION_STATE_TABLES_SQL = `
CREATE TABLE IF NOT EXISTS public."_applied_migrations" (
    "schema_name" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "checksum" TEXT NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "_applied_migrations_pkey" PRIMARY KEY ("schema_name", "name")
);
CREATE TABLE IF NOT EXISTS public."_schema_migration_state" (
    "schema_name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "version" TEXT,
    "checksum" TEXT,
    "duration_ms" INTEGER,
    "last_error" TEXT,
    "last_run_at" TIMESTAMPTZ(3),
    CONSTRAINT "_schema_migration_state_pkey" PRIMARY KEY ("schema_name")
);`;

export async function ensureMigrationStateTables(client: pg.ClientBase | pg.Pool): Promise<void> {
  await client.query(MIGRATION_STATE_TABLES_SQL);
}

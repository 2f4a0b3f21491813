import type pg from 'pg';

/**
 * One advisory lock guards the set of schemas and their version. The migrator holds it exclusively for its whole
 * run (so two migrators never run at once); provisioning holds it shared for its transaction (so a tenant is
 * never created from migrations that a running migrator is about to change, and provisionings do not block each
 * other). The number is arbitrary but fixed: every process of the platform must use the same one.
 */
export const MIGRATION_LOCK_KEY = '7413920461';

export async function lockSchemaSetShared(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock_shared($1::bigint)', [MIGRATION_LOCK_KEY]);
}

import type pg from 'pg';
import { quoteIdentifier } from '../schema-name.ts';
import { fingerprintOf, type MigrationFile, type MigrationKind } from './migration-files.ts';

export interface AppliedMigrationRecord {
  name: string;
  checksum: string;
}

export interface ApplyMigrationsInput {
  schemaName: string;
  kind: MigrationKind;
  /** Migrations already recorded for this schema, in order. */
  alreadyApplied: readonly AppliedMigrationRecord[];
  /** What to apply now, in order. */
  pending: readonly MigrationFile[];
  /**
   * 'each' sends one statement batch per migration, so a failure names its migration (the migrator);
   * 'combined' sends all of them in one round trip (provisioning, where speed matters and a failure undoes all).
   */
  mode: 'each' | 'combined';
}

export class MigrationFailedError extends Error {
  constructor(
    readonly schemaName: string,
    readonly migrationName: string,
    readonly cause: unknown,
  ) {
    super(`${migrationName} failed in schema ${schemaName}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'MigrationFailedError';
  }
}

/**
 * Applies migrations to one schema and records them, inside the caller's open transaction, so the schema and its
 * bookkeeping commit or roll back together. The schema must exist. Tenant migrations name no schema: they run
 * with search_path set to the target schema, for this transaction only.
 */
export async function applyMigrations(client: pg.ClientBase, input: ApplyMigrationsInput): Promise<number> {
  const started = performance.now();
  const schema = quoteIdentifier(input.schemaName);
  // Only the target schema: a tenant migration that names a shared table by accident fails instead of
  // reaching into public.
  await client.query(`SET LOCAL search_path TO ${schema}`);
  const durations: number[] = [];
  if (input.mode === 'combined') {
    const combinedStart = performance.now();
    try {
      await client.query(input.pending.map((migration) => migration.sql).join('\n;\n'));
    } catch (error) {
      throw new MigrationFailedError(input.schemaName, input.pending.map((m) => m.name).join(', '), error);
    }
    const each = Math.round((performance.now() - combinedStart) / Math.max(1, input.pending.length));
    input.pending.forEach(() => durations.push(each));
  } else {
    for (const migration of input.pending) {
      const migrationStart = performance.now();
      try {
        await client.query(migration.sql);
      } catch (error) {
        throw new MigrationFailedError(input.schemaName, migration.name, error);
      }
      durations.push(Math.round(performance.now() - migrationStart));
    }
  }
  const durationMs = Math.round(performance.now() - started);
  const all = [...input.alreadyApplied, ...input.pending];
  await recordApplied(client, input, durations, durationMs, all);
  return durationMs;
}

async function recordApplied(
  client: pg.ClientBase,
  input: ApplyMigrationsInput,
  durations: number[],
  durationMs: number,
  all: readonly AppliedMigrationRecord[],
): Promise<void> {
  // One round trip for both the per-migration rows and the schema's state row.
  await client.query(
    `WITH applied AS (
       INSERT INTO public."_applied_migrations" ("schema_name", "name", "checksum", "duration_ms")
       SELECT $1, name, checksum, duration FROM unnest($2::text[], $3::text[], $4::int[]) AS m(name, checksum, duration)
     )
     INSERT INTO public."_schema_migration_state"
       ("schema_name", "kind", "version", "checksum", "duration_ms", "last_error", "last_run_at")
     VALUES ($1, $5, $6, $7, $8, NULL, now())
     ON CONFLICT ("schema_name") DO UPDATE SET "kind" = EXCLUDED."kind", "version" = EXCLUDED."version",
       "checksum" = EXCLUDED."checksum", "duration_ms" = EXCLUDED."duration_ms", "last_error" = NULL,
       "last_run_at" = EXCLUDED."last_run_at"`,
    [
      input.schemaName,
      input.pending.map((m) => m.name),
      input.pending.map((m) => m.checksum),
      durations,
      input.kind,
      all.at(-1)?.name ?? null,
      fingerprintOf(all),
      durationMs,
    ],
  );
}

/** Records a schema's failure after its transaction rolled back, so the state shows what went wrong. */
export async function recordMigrationFailure(
  client: pg.ClientBase | pg.Pool,
  schemaName: string,
  kind: MigrationKind,
  error: string,
  durationMs: number,
): Promise<void> {
  await client.query(
    `INSERT INTO public."_schema_migration_state" ("schema_name", "kind", "duration_ms", "last_error", "last_run_at")
     VALUES ($1, $2, $3, $4, now())
     ON CONFLICT ("schema_name") DO UPDATE SET "duration_ms" = EXCLUDED."duration_ms",
       "last_error" = EXCLUDED."last_error", "last_run_at" = EXCLUDED."last_run_at"`,
    [schemaName, kind, durationMs, error],
  );
}

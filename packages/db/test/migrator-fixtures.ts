/** Shared set-up for the migrator tests: temporary migration folders and tenant schemas made by hand. */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadMigrationSet, type MigrationKind, type MigrationSet } from '../src/index.ts';
import { quoteIdentifier } from '../src/schema-name.ts';

export const INIT = '20260101000000_init';
export const MORE = '20260102000000_more';
export const LATER = '20260103000000_later';

/** Two small tenant migrations; the second creates "widgets", so a schema that already has one fails there. */
export const TWO_MIGRATIONS: Record<string, string> = {
  [INIT]: 'CREATE TABLE "things" ("id" INTEGER PRIMARY KEY);',
  [MORE]: 'CREATE TABLE "widgets" ("id" INTEGER);\nALTER TABLE "things" ADD COLUMN "label" TEXT;',
};

export class MigrationFolders {
  private readonly dirs: string[] = [];

  /** Writes the files into a new folder (or over `dir`) and loads them. */
  write(kind: MigrationKind, files: Record<string, string>, dir?: string): { dir: string; set: MigrationSet } {
    const target = dir ?? mkdtempSync(path.join(tmpdir(), 'ss-migrator-'));
    if (!dir) this.dirs.push(target);
    for (const [name, sql] of Object.entries(files)) {
      mkdirSync(path.join(target, name), { recursive: true });
      writeFileSync(path.join(target, name, 'migration.sql'), sql);
    }
    return { dir: target, set: loadMigrationSet(kind, target) };
  }

  removeAll(): void {
    this.dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  }
}

/** Adds tenants rows and (unless told otherwise) their empty schemas, as provisioning would before migrating. */
export async function addTenants(pool: pg.Pool, names: string[], options: { createSchema?: boolean } = {}) {
  for (const name of names) {
    await pool.query('INSERT INTO public.tenants ("id", "name", "schema_name") VALUES ($1, $2, $3)', [randomUUID(), name, name]);
    if (options.createSchema !== false) await pool.query(`CREATE SCHEMA ${quoteIdentifier(name)}`);
  }
}

export async function addSpare(pool: pg.Pool, name: string): Promise<void> {
  await pool.query(`CREATE SCHEMA ${quoteIdentifier(name)}`);
  await pool.query('INSERT INTO public.spare_schemas ("schema_name") VALUES ($1)', [name]);
}

export async function tablesIn(pool: pg.Pool, schema: string): Promise<string[]> {
  const { rows } = await pool.query<{ table_name: string }>(
    'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
    [schema],
  );
  return rows.map((row) => row.table_name);
}

export interface StateRow {
  schema_name: string;
  kind: string;
  version: string | null;
  checksum: string | null;
  duration_ms: number | null;
  last_error: string | null;
  last_run_at: Date | null;
}

export async function stateOf(pool: pg.Pool, schema: string): Promise<StateRow | undefined> {
  const { rows } = await pool.query<StateRow>('SELECT * FROM public._schema_migration_state WHERE schema_name = $1', [schema]);
  return rows[0];
}

export async function appliedNames(pool: pg.Pool, schema: string): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    'SELECT name FROM public._applied_migrations WHERE schema_name = $1 ORDER BY name',
    [schema],
  );
  return rows.map((row) => row.name);
}

export async function countApplied(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ count: number }>('SELECT count(*)::int AS count FROM public._applied_migrations');
  return rows[0]!.count;
}

export function openPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Migrations are SQL files in Prisma's folder layout: prisma/<shared|tenant>/migrations/<timestamp>_<name>/
 * migration.sql. Folder names sort in the order they apply.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type MigrationKind = 'shared' | 'tenant';

export interface MigrationFile {
  /** The folder name, e.g. 20261127000000_init. */
  readonly name: string;
  readonly sql: string;
  /** sha256 of the file's bytes, hex. */
  readonly checksum: string;
}

export interface MigrationSet {
  readonly kind: MigrationKind;
  readonly migrations: readonly MigrationFile[];
}

const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export function defaultMigrationsDirectory(kind: MigrationKind): string {
  return path.join(REPOSITORY_ROOT, 'prisma', kind, 'migrations');
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

export function loadMigrationSet(kind: MigrationKind, directory = defaultMigrationsDirectory(kind)): MigrationSet {
  if (!existsSync(directory)) throw new Error(`No ${kind} migrations directory at ${directory}`);
  const migrations = readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(directory, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(directory, name, 'migration.sql'), 'utf8');
      return Object.freeze({ name, sql, checksum: checksumOf(sql) });
    });
  return Object.freeze({ kind, migrations: Object.freeze(migrations) });
}

export function latestMigrationName(set: MigrationSet): string | null {
  return set.migrations.at(-1)?.name ?? null;
}

/** One fingerprint for a sequence of applied migrations: changes if any name or checksum does. */
export function fingerprintOf(applied: ReadonlyArray<{ name: string; checksum: string }>): string {
  return checksumOf(applied.map((migration) => `${migration.name}:${migration.checksum}`).join('\n'));
}

import type { AppliedMigrationRecord } from './apply-migrations.ts';
import type { MigrationFile, MigrationSet } from './migration-files.ts';

export type MigrationPlan =
  | { status: 'up-to-date' }
  | { status: 'pending'; pending: MigrationFile[] }
  /** The schema's history and the files disagree: nothing is applied until a person looks. */
  | { status: 'drift'; problem: string };

/** Compares what a schema has applied (in order) with the migration files. Pure. */
export function planMigrations(applied: readonly AppliedMigrationRecord[], set: MigrationSet): MigrationPlan {
  const files = new Map(set.migrations.map((file) => [file.name, file]));
  for (const record of applied) {
    const file = files.get(record.name);
    if (!file) return { status: 'drift', problem: `${record.name} was applied but its migration file is missing` };
    if (file.checksum !== record.checksum) {
      return {
        status: 'drift',
        problem: `checksum mismatch: ${record.name} was changed after it was applied ` +
          `(recorded ${record.checksum.slice(0, 12)}, file ${file.checksum.slice(0, 12)})`,
      };
    }
  }
  const appliedNames = new Set(applied.map((record) => record.name));
  const pending = set.migrations.filter((file) => !appliedNames.has(file.name));
  if (pending.length === 0) return { status: 'up-to-date' };
  const lastApplied = applied.at(-1)?.name;
  const early = lastApplied ? pending.find((file) => file.name < lastApplied) : undefined;
  if (early) {
    return { status: 'drift', problem: `${early.name} sorts before ${lastApplied}, which is already applied` };
  }
  return { status: 'pending', pending };
}

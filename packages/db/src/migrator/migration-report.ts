/** The outcome of one migrator run, per schema and in total. */

export type SchemaResultKind = 'shared' | 'tenant' | 'spare';

export interface SchemaResult {
  schemaName: string;
  kind: SchemaResultKind;
  status: 'up-to-date' | 'migrated' | 'failed';
  /** Migrations applied by this run, in order; empty unless migrated. */
  applied: string[];
  /** Why the schema failed: the migration and PostgreSQL's message, a drift, or a missing schema. */
  error?: string;
  durationMs: number;
}

export interface MigrationReport {
  shared: SchemaResult;
  /** Every tenant and spare schema; empty when public failed, because then none is touched. */
  schemas: SchemaResult[];
  /** The counts include public. */
  failed: number;
  migrated: number;
  upToDate: number;
  durationMs: number;
}

export function summarize(shared: SchemaResult, schemas: SchemaResult[], durationMs: number): MigrationReport {
  const all = [shared, ...schemas];
  const count = (status: SchemaResult['status']) => all.filter((result) => result.status === status).length;
  return {
    shared,
    schemas,
    failed: count('failed'),
    migrated: count('migrated'),
    upToDate: count('up-to-date'),
    durationMs: Math.round(durationMs),
  };
}

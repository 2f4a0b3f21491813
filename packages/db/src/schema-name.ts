/**
 * The one place that decides what a tenant schema may be called. Every schema name that reaches SQL passes
 * through parseTenantSchemaName (or is produced by spareSchemaName) and is then quoted with quoteIdentifier.
 */

const TENANT_SCHEMA_PATTERN = /^[a-z][a-z0-9_]{2,62}$/;

/** Names a tenant can never take: PostgreSQL's own, the platform's shared schema, and the job queue's. */
const RESERVED_SCHEMA_NAMES = new Set(['public', 'information_schema', 'pgboss']);

export class InvalidSchemaNameError extends Error {
  readonly code = 'INVALID_SCHEMA_NAME';
  constructor(readonly schemaName: unknown, reason: string) {
    super(`Invalid schema name: ${reason}`);
    this.name = 'InvalidSchemaNameError';
  }
}

/** Why a schema name is not acceptable for a tenant, or null when it is. */
export function tenantSchemaNameProblem(name: unknown): string | null {
  if (typeof name !== 'string') return 'must be a string';
  if (!TENANT_SCHEMA_PATTERN.test(name)) {
    return 'must be 3 to 63 characters of lowercase letters, digits and underscores, starting with a letter';
  }
  if (name.startsWith('pg_')) return 'names starting with pg_ are reserved by PostgreSQL';
  if (RESERVED_SCHEMA_NAMES.has(name)) return `"${name}" is reserved`;
  return null;
}

export function isValidTenantSchemaName(name: unknown): name is string {
  return tenantSchemaNameProblem(name) === null;
}

export function parseTenantSchemaName(name: unknown): string {
  const problem = tenantSchemaNameProblem(name);
  if (problem) throw new InvalidSchemaNameError(name, problem);
  return name as string;
}

/**
 * Spare schemas start with an underscore, which no tenant name can, so a spare and a tenant never collide.
 * The suffix is generated here, never taken from input.
 */
const SPARE_SCHEMA_PATTERN = /^_spare_[a-f0-9]{16}$/;

export function isSpareSchemaName(name: string): boolean {
  return SPARE_SCHEMA_PATTERN.test(name);
}

/** Any schema the migrator manages: public, a tenant schema or a spare. */
export function isManagedSchemaName(name: string): boolean {
  return name === 'public' || isValidTenantSchemaName(name) || isSpareSchemaName(name);
}

/**
 * Quotes an identifier for SQL. Callers pass only names that passed one of the checks above; quoting is the
 * second line of defence, not the first.
 */
export function quoteIdentifier(name: string): string {
  if (!isManagedSchemaName(name)) throw new InvalidSchemaNameError(name, 'not a schema this platform manages');
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The one place that builds object keys. Every stored object lives under `tenants/<tenantId>/`, and every key is
 * made of plain segments checked against an allow-list, so no input can climb out of its tenant's prefix: no `..`,
 * no absolute path, no backslash, no NUL, no percent-encoded separator survives. The local driver re-checks every
 * key it maps to a file, so a key from anywhere else is refused there too.
 */
import createError from '@fastify/error';

export const InvalidObjectKeyError = createError<[string]>('INVALID_OBJECT_KEY', 'Invalid object key: %s', 400);

const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Letters, digits, dot, dash, underscore; not starting with a dot (so never `.` or `..` or a hidden file). */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
const MAX_KEY_LENGTH = 512;

/** Why a segment cannot be part of a key, or null when it can. */
export function keySegmentProblem(segment: unknown): string | null {
  if (typeof segment !== 'string') return 'a segment must be a string';
  if (segment.length === 0) return 'empty segment';
  if (segment.includes('\0')) return 'NUL byte';
  if (segment.includes('/') || segment.includes('\\')) return 'path separator inside a segment';
  if (segment.includes('%')) return 'percent-encoding';
  if (segment === '.' || segment === '..') return 'relative path segment';
  if (!SEGMENT.test(segment)) return 'only letters, digits, ".", "-" and "_" are allowed, not starting with "."';
  return null;
}

function assertTenantId(tenantId: unknown): asserts tenantId is string {
  if (typeof tenantId !== 'string' || !TENANT_ID.test(tenantId)) throw new InvalidObjectKeyError('tenant id is not a lowercase UUID');
}

/** `tenants/<tenantId>/` — what every key of that tenant starts with, and what deleting the tenant removes. */
export function tenantPrefix(tenantId: string): string {
  assertTenantId(tenantId);
  return `tenants/${tenantId}/`;
}

/** `tenants/<tenantId>/<segment>/<segment>…`; throws InvalidObjectKeyError for any hostile part. */
export function tenantObjectKey(tenantId: string, ...segments: string[]): string {
  const prefix = tenantPrefix(tenantId);
  if (segments.length === 0) throw new InvalidObjectKeyError('no segments after the tenant prefix');
  for (const segment of segments) {
    const problem = keySegmentProblem(segment);
    if (problem) throw new InvalidObjectKeyError(problem);
  }
  const key = prefix + segments.join('/');
  if (key.length > MAX_KEY_LENGTH) throw new InvalidObjectKeyError('too long');
  return key;
}

/** The segments of a key that has exactly the shape tenantObjectKey builds; throws otherwise. */
export function parseObjectKey(key: unknown): { tenantId: string; segments: string[] } {
  if (typeof key !== 'string' || key.length > MAX_KEY_LENGTH) throw new InvalidObjectKeyError('not a key');
  const [root, tenantId, ...segments] = key.split('/');
  if (root !== 'tenants') throw new InvalidObjectKeyError('keys start with tenants/');
  assertTenantId(tenantId);
  if (segments.length === 0) throw new InvalidObjectKeyError('no segments after the tenant prefix');
  for (const segment of segments) {
    const problem = keySegmentProblem(segment);
    if (problem) throw new InvalidObjectKeyError(problem);
  }
  return { tenantId, segments };
}

/** Whether a key is well-formed and belongs to this tenant (the ownership check before any read). */
export function isTenantObjectKey(tenantId: string, key: string): boolean {
  try {
    return parseObjectKey(key).tenantId === tenantId;
  } catch {
    return false;
  }
}

/** A prefix to delete under: exactly `tenants/<tenantId>/`, nothing broader. */
export function parseTenantPrefix(prefix: unknown): string {
  const match = typeof prefix === 'string' ? /^tenants\/([^/]+)\/$/.exec(prefix) : null;
  if (!match) throw new InvalidObjectKeyError('a prefix must be exactly tenants/<tenantId>/');
  return tenantPrefix(match[1]!);
}

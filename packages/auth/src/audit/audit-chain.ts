/**
 * The hash chain of the audit trail. Each row's hash covers its own fields and the hash of the row before it, so
 * changing any field of any row, deleting a row or inserting one in the middle breaks every link after it. Pure
 * functions: the trail computes hashes with them when it appends, `pnpm audit:verify` when it checks.
 */
import { createHash } from 'node:crypto';

/** The `previousHash` of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields a hash covers: everything of a row except its id (the order is the chain itself) and its hash. */
export interface ChainedFields {
  occurredAt: Date;
  action: string;
  actorId: string | null;
  actorEmail: string | null;
  targetId: string | null;
  targetEmail: string | null;
  tenantId: string | null;
  ipAddress: string | null;
  sessionKey: string | null;
  reason: string | null;
  details: unknown;
  previousHash: string;
}

/** JSON with object keys sorted at every depth: PostgreSQL's jsonb does not keep key order, so hash this form. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function auditRowHash(row: ChainedFields): string {
  const covered = [
    row.previousHash,
    row.occurredAt.toISOString(),
    row.action,
    row.actorId,
    row.actorEmail,
    row.targetId,
    row.targetEmail,
    row.tenantId,
    row.ipAddress,
    row.sessionKey,
    row.reason,
    canonicalJson(row.details),
  ];
  return createHash('sha256').update(JSON.stringify(covered), 'utf8').digest('hex');
}

export interface StoredAuditRow extends ChainedFields {
  id: bigint | string | number;
  hash: string;
}

export type ChainBreak = { id: string; problem: 'edited' | 'unlinked' };

/**
 * Checks rows in id order, continuing from `previousHash` (the hash of the row before the first one given).
 * `edited`: the row's fields no longer produce its hash. `unlinked`: its previousHash is not the hash of the row
 * before it (a row was deleted, inserted or rehashed before it).
 */
export function findChainBreak(rows: Iterable<StoredAuditRow>, previousHash: string): { break: ChainBreak | null; lastHash: string } {
  let expectedPrevious = previousHash;
  for (const row of rows) {
    const id = String(row.id);
    if (row.previousHash !== expectedPrevious) return { break: { id, problem: 'unlinked' }, lastHash: expectedPrevious };
    if (auditRowHash(row) !== row.hash) return { break: { id, problem: 'edited' }, lastHash: expectedPrevious };
    expectedPrevious = row.hash;
  }
  return { break: null, lastHash: expectedPrevious };
}

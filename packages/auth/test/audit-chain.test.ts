import { describe, expect, it } from 'vitest';
import { auditRowHash, canonicalJson, findChainBreak, GENESIS_HASH, type ChainedFields, type StoredAuditRow } from '../src/audit/audit-chain.ts';

const fields = (index: number, previousHash: string): ChainedFields => ({
  previousHash,
  occurredAt: new Date(Date.UTC(2026, 0, 1, 0, index)),
  action: 'HIJACK_START',
  actorId: null,
  actorEmail: 'a@x.test',
  targetId: null,
  targetEmail: `t${index}@x.test`,
  tenantId: null,
  ipAddress: '127.0.0.1',
  sessionKey: null,
  reason: null,
  details: { index },
});

function chain(length: number): StoredAuditRow[] {
  const rows: StoredAuditRow[] = [];
  let previous = GENESIS_HASH;
  for (let index = 0; index < length; index += 1) {
    const row = { ...fields(index, previous), previousHash: previous };
    const hash = auditRowHash(row);
    rows.push({ ...row, id: String(index + 1), hash });
    previous = hash;
  }
  return rows;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
  });
});

describe('auditRowHash', () => {
  it('changes with every covered field', () => {
    const base = { ...fields(0, GENESIS_HASH), previousHash: GENESIS_HASH };
    const original = auditRowHash(base);
    const variants: Array<Partial<ChainedFields>> = [
      { occurredAt: new Date(base.occurredAt.getTime() + 1) },
      { action: 'HIJACK_END' },
      { actorEmail: 'b@x.test' },
      { targetEmail: null },
      { ipAddress: '10.0.0.1' },
      { sessionKey: 'k' },
      { reason: 'r' },
      { details: { index: 1 } },
      { previousHash: 'f'.repeat(64) },
    ];
    for (const variant of variants) expect(auditRowHash({ ...base, ...variant })).not.toBe(original);
  });

  it('does not depend on the key order of details', () => {
    const base = { ...fields(0, GENESIS_HASH), previousHash: GENESIS_HASH };
    expect(auditRowHash({ ...base, details: { a: 1, b: 2 } })).toBe(auditRowHash({ ...base, details: { b: 2, a: 1 } }));
  });
});

describe('findChainBreak', () => {
  it('accepts an intact chain and returns its last hash', () => {
    const rows = chain(4);
    expect(findChainBreak(rows, GENESIS_HASH)).toEqual({ break: null, lastHash: rows[3]!.hash });
  });

  it('names an edited row', () => {
    const rows = chain(4);
    rows[2] = { ...rows[2]!, reason: 'edited' };
    expect(findChainBreak(rows, GENESIS_HASH).break).toEqual({ id: '3', problem: 'edited' });
  });

  it('names the row after a removed one', () => {
    const rows = chain(4);
    rows.splice(1, 1);
    expect(findChainBreak(rows, GENESIS_HASH).break).toEqual({ id: '3', problem: 'unlinked' });
  });

  it('continues from a given previous hash (paged verification)', () => {
    const rows = chain(4);
    expect(findChainBreak(rows.slice(2), rows[1]!.hash).break).toBeNull();
    expect(findChainBreak(rows.slice(2), GENESIS_HASH).break).toEqual({ id: '3', problem: 'unlinked' });
  });
});

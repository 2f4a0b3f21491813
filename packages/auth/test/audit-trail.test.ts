/** Concurrent appends from several connections still make one unbroken chain, in commit order. */
import { createMigratedTestDatabase, type TestDatabase } from '@smoothschedule/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditTrail } from '../src/audit/audit-trail.ts';
import { verifyAuditTrail } from '../src/audit/audit-verification.ts';

let testDb: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  testDb = await createMigratedTestDatabase();
  pool = new pg.Pool({ connectionString: testDb.url, max: 8 });
});

afterAll(async () => {
  await pool?.end();
  await testDb?.drop();
});

describe('the audit trail', () => {
  it('keeps one chain under 60 concurrent appends', async () => {
    const trail = createAuditTrail(pool);
    await Promise.all(
      Array.from({ length: 60 }, (_, index) =>
        trail.append({ occurredAt: new Date(), action: 'GRANT_CREATED', actorEmail: `actor${index}@x.test`, details: { index } }),
      ),
    );
    expect(await verifyAuditTrail(pool)).toEqual({ rowsChecked: 60, firstBreak: null });
  });

  it('commits nothing of a transaction whose later work fails', async () => {
    const trail = createAuditTrail(pool);
    const before = (await pool.query('SELECT count(*)::int AS n FROM public.audit_events')).rows[0].n;
    await expect(
      trail.transaction(async (tx) => {
        await tx.append({ occurredAt: new Date(), action: 'HIJACK_START' });
        throw new Error('log line could not be written');
      }),
    ).rejects.toThrow('log line could not be written');
    expect((await pool.query('SELECT count(*)::int AS n FROM public.audit_events')).rows[0].n).toBe(before);
    expect((await verifyAuditTrail(pool)).firstBreak).toBeNull();
  });

  it('verifies across pages', async () => {
    const trail = createAuditTrail(pool);
    for (let index = 0; index < 1005; index += 1) await trail.append({ occurredAt: new Date(), action: 'HIJACK_END' });
    const result = await verifyAuditTrail(pool);
    expect(result.firstBreak).toBeNull();
    expect(result.rowsChecked).toBe(60 + 1005);
  });
});

/**
 * pnpm audit:verify over a real trail: intact, then edited, deleted and rehashed behind the append-only triggers'
 * back (as someone with direct database access could), each time naming the first broken row.
 */
import { auditRowHash, createAuditTrail, type AuditAction } from '@smoothschedule/auth';
import { createMigratedTestDatabase, type TestDatabase } from '@smoothschedule/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

let testDb: TestDatabase;
let pool: pg.Pool;
let ids: string[];

const verify = () => runCli('scripts/audit-verify.ts', [], testDb.url);

/** Runs SQL with the triggers off (session_replication_role = replica), as a database superuser could. */
async function tamper(sql: string, params: unknown[] = []): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query(sql, params);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

beforeAll(async () => {
  testDb = await createMigratedTestDatabase();
  pool = new pg.Pool({ connectionString: testDb.url, max: 2 });
});

afterAll(async () => {
  await pool?.end();
  await testDb?.drop();
});

beforeEach(async () => {
  await tamper('DELETE FROM public.audit_events');
  const trail = createAuditTrail(pool);
  const actions: AuditAction[] = ['HIJACK_START', 'HIJACK_END', 'GRANT_CREATED', 'HIJACK_DENIED', 'GRANT_REVOKED'];
  ids = [];
  for (const [index, action] of actions.entries()) {
    const row = await trail.append({
      occurredAt: new Date(Date.UTC(2026, 11, 5, 10, index)),
      action,
      actorEmail: 'support@platform.test',
      targetEmail: `user${index}@tenant.test`,
      reason: `reason ${index}`,
      details: { index, nested: { b: 2, a: 1 } },
    });
    ids.push(row.id);
  }
});

describe('pnpm audit:verify', () => {
  it('passes on an intact trail and says how many rows it checked', () => {
    const result = verify();
    expect(result.output).toContain('Audit trail intact: 5 rows verified');
    expect(result.code).toBe(0);
  });

  it('passes on an empty trail', async () => {
    await tamper('DELETE FROM public.audit_events');
    const result = verify();
    expect(result.output).toContain('Audit trail intact: 0 rows verified');
    expect(result.code).toBe(0);
  });

  it('names the row whose contents were edited', async () => {
    await tamper("UPDATE public.audit_events SET reason = 'nothing to see' WHERE id = $1", [ids[2]]);
    const result = verify();
    expect(result.code).toBe(1);
    expect(result.output).toContain(`Audit trail broken at row ${ids[2]}: its contents no longer match its hash`);
    expect(result.output).toContain('2 rows before it verified');
  });

  it('names the row after a deleted one', async () => {
    await tamper('DELETE FROM public.audit_events WHERE id = $1', [ids[1]]);
    const result = verify();
    expect(result.code).toBe(1);
    expect(result.output).toContain(`Audit trail broken at row ${ids[2]}: it does not link to the row before it`);
  });

  it('catches an edit whose hash was recomputed, at the next row', async () => {
    const stored = (await pool.query(
      `SELECT occurred_at, action, actor_id, actor_email, target_id, target_email, tenant_id, ip_address, session_key,
              reason, details, previous_hash FROM public.audit_events WHERE id = $1`,
      [ids[3]],
    )).rows[0];
    const forged = {
      occurredAt: stored.occurred_at, action: stored.action, actorId: stored.actor_id, actorEmail: stored.actor_email,
      targetId: stored.target_id, targetEmail: stored.target_email, tenantId: stored.tenant_id,
      ipAddress: stored.ip_address, sessionKey: stored.session_key, reason: 'rewritten', details: stored.details,
      previousHash: stored.previous_hash,
    };
    await tamper('UPDATE public.audit_events SET reason = $2, hash = $3 WHERE id = $1', [ids[3], 'rewritten', auditRowHash(forged)]);
    const result = verify();
    expect(result.code).toBe(1);
    expect(result.output).toContain(`Audit trail broken at row ${ids[4]}: it does not link to the row before it`);
  });

  it('the table itself refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(pool.query("UPDATE public.audit_events SET reason = 'x' WHERE id = $1", [ids[0]])).rejects.toThrow(/append-only/);
    await expect(pool.query('DELETE FROM public.audit_events WHERE id = $1', [ids[0]])).rejects.toThrow(/append-only/);
    await expect(pool.query('TRUNCATE public.audit_events')).rejects.toThrow(/append-only/);
    expect(verify().code).toBe(0);
  });
});

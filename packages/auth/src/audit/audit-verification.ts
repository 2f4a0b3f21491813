/**
 * Walks the whole audit trail in id order, in pages, and reports the first broken link (what `pnpm audit:verify`
 * prints). Reads with plain SQL so it needs nothing but a pool, and holds one page in memory at a time.
 */
import type pg from 'pg';
import { findChainBreak, GENESIS_HASH, type ChainBreak, type StoredAuditRow } from './audit-chain.ts';

export interface AuditVerification {
  rowsChecked: number;
  firstBreak: ChainBreak | null;
}

const PAGE_SIZE = 1000;

export async function verifyAuditTrail(pool: pg.Pool): Promise<AuditVerification> {
  let previousHash = GENESIS_HASH;
  let afterId = '0';
  let rowsChecked = 0;
  for (;;) {
    // Ordered by the bigint column, not the text alias: as text, row 10 would sort before row 2.
    const page = await pool.query(
      `SELECT e.id::text AS id, occurred_at, action, actor_id, actor_email, target_id, target_email, tenant_id,
              ip_address, session_key, reason, details, previous_hash, hash
         FROM public.audit_events AS e WHERE e.id > $1::bigint ORDER BY e.id LIMIT $2`,
      [afterId, PAGE_SIZE],
    );
    if (page.rows.length === 0) return { rowsChecked, firstBreak: null };
    const rows: StoredAuditRow[] = page.rows.map((row) => ({
      id: row.id,
      occurredAt: row.occurred_at,
      action: row.action,
      actorId: row.actor_id,
      actorEmail: row.actor_email,
      targetId: row.target_id,
      targetEmail: row.target_email,
      tenantId: row.tenant_id,
      ipAddress: row.ip_address,
      sessionKey: row.session_key,
      reason: row.reason,
      details: row.details,
      previousHash: row.previous_hash,
      hash: row.hash,
    }));
    const result = findChainBreak(rows, previousHash);
    if (result.break !== null) {
      const position = rows.findIndex((row) => String(row.id) === result.break!.id);
      return { rowsChecked: rowsChecked + position, firstBreak: result.break };
    }
    rowsChecked += rows.length;
    previousHash = result.lastHash;
    afterId = rows[rows.length - 1]!.id as string;
  }
}

/**
 * The audit trail: appends hash-chained rows to `audit_events`. Appends are serialised by a transaction-scoped
 * advisory lock, so each row links to the row committed just before it whatever the number of API instances.
 * A caller may do more work in the same transaction (`transaction`): a masquerade writes its session row and its
 * log line there, so either all of it happens or none does.
 */
import { inTransaction } from '@smoothschedule/db';
import type pg from 'pg';
import { auditRowHash, GENESIS_HASH, type ChainedFields } from './audit-chain.ts';

/** Only the trail takes this lock (the migrator's key is different). */
export const AUDIT_CHAIN_LOCK_KEY = 748_201_553;

export const AUDIT_ACTIONS = [
  'HIJACK_START',
  'HIJACK_END',
  'HIJACK_DENIED',
  'HIJACK_EXPIRED',
  'GRANT_CREATED',
  'GRANT_DENIED',
  'GRANT_REVOKED',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEventInput {
  occurredAt: Date;
  action: AuditAction;
  actorId?: string | null;
  actorEmail?: string | null;
  targetId?: string | null;
  targetEmail?: string | null;
  tenantId?: string | null;
  ipAddress?: string | null;
  sessionKey?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

export interface AppendedAuditEvent extends ChainedFields {
  id: string;
  hash: string;
}

/** Inside `AuditTrail.transaction`: the connection of the transaction, and append on it. */
export interface AuditTransaction {
  client: pg.PoolClient;
  append(event: AuditEventInput): Promise<AppendedAuditEvent>;
}

export interface AuditTrail {
  /** Appends one row in a transaction of its own. */
  append(event: AuditEventInput): Promise<AppendedAuditEvent>;
  /**
   * Runs `work` in one transaction in which it may append rows and change other tables: if anything throws,
   * nothing of it is committed (a masquerade's session row and its audit row stand or fall together).
   */
  transaction<T>(work: (tx: AuditTransaction) => Promise<T>): Promise<T>;
}

async function appendOn(client: pg.PoolClient, event: AuditEventInput): Promise<AppendedAuditEvent> {
  // Held until COMMIT: the row before this one is the last committed row, in every API instance.
  await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK_KEY]);
  const last = await client.query<{ hash: string }>('SELECT hash FROM public.audit_events ORDER BY id DESC LIMIT 1');
  const fields: ChainedFields = {
    // Stored with millisecond precision, so hash exactly what will be read back.
    occurredAt: new Date(event.occurredAt.getTime()),
    action: event.action,
    actorId: event.actorId ?? null,
    actorEmail: event.actorEmail ?? null,
    targetId: event.targetId ?? null,
    targetEmail: event.targetEmail ?? null,
    tenantId: event.tenantId ?? null,
    ipAddress: event.ipAddress ?? null,
    sessionKey: event.sessionKey ?? null,
    reason: event.reason ?? null,
    details: event.details ?? {},
    previousHash: last.rows[0]?.hash ?? GENESIS_HASH,
  };
  const hash = auditRowHash(fields);
  const inserted = await client.query<{ id: string }>(
    `INSERT INTO public.audit_events
       (occurred_at, action, actor_id, actor_email, target_id, target_email, tenant_id, ip_address, session_key,
        reason, details, previous_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     RETURNING id::text AS id`,
    [
      fields.occurredAt, fields.action, fields.actorId, fields.actorEmail, fields.targetId, fields.targetEmail,
      fields.tenantId, fields.ipAddress, fields.sessionKey, fields.reason, JSON.stringify(fields.details),
      fields.previousHash, hash,
    ],
  );
  return { ...fields, id: inserted.rows[0]!.id, hash };
}

export function createAuditTrail(pool: pg.Pool): AuditTrail {
  const transaction: AuditTrail['transaction'] = (work) =>
    inTransaction(pool, (client) => work({ client, append: (event) => appendOn(client, event) }));
  return {
    transaction,
    append: (event) => transaction((tx) => tx.append(event)),
  };
}

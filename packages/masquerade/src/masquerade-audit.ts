/**
 * One masquerade event = one audit row + one masquerade.log line, written in the same transaction: the row is
 * inserted first, the line appended second, and a failure of either rolls the row (and whatever the caller wrote
 * in that transaction) back. Only a failing COMMIT after a written line can leave a line without its row.
 */
import type { AuditTransaction } from '@smoothschedule/auth';
import type { MasqueradeLog, MasqueradeLogAction } from './masquerade-log.ts';

export interface MasqueradeEvent {
  action: MasqueradeLogAction;
  at: Date;
  hijacker: { id: string; email: string };
  target: { id: string; email: string } | null;
  /** The tenant the event concerns: a tenant owner sees the events of their tenant. */
  tenantId: string | null;
  ipAddress: string | null;
  masqueradeId: string | null;
  reason: string | null;
  denialReason?: string;
}

export async function recordMasqueradeEvent(tx: AuditTransaction, log: MasqueradeLog, event: MasqueradeEvent): Promise<void> {
  await tx.append({
    occurredAt: event.at,
    action: event.action,
    actorId: event.hijacker.id,
    actorEmail: event.hijacker.email,
    targetId: event.target?.id ?? null,
    targetEmail: event.target?.email ?? null,
    tenantId: event.tenantId,
    ipAddress: event.ipAddress,
    sessionKey: event.masqueradeId,
    reason: event.reason,
    details: event.denialReason === undefined ? {} : { denialReason: event.denialReason },
  });
  await log.write({
    timestamp: event.at.toISOString(),
    action: event.action,
    hijacker_email: event.hijacker.email,
    hijacked_email: event.target?.email ?? null,
    ip_address: event.ipAddress,
    session_key: event.masqueradeId,
    reason: event.reason,
    ...(event.denialReason === undefined ? {} : { denial_reason: event.denialReason }),
  });
}

/** Reading the audit trail for `GET /api/audit`: filters, a tenant scope, newest first, keyset-free paging. */
import type { SharedClient } from '@smoothschedule/db';

export interface AuditQuery {
  action?: string;
  /** A user id or an email. */
  actor?: string;
  target?: string;
  from?: Date;
  to?: Date;
  /** Set for a tenant owner: only events about that tenant. */
  tenantId?: string;
  limit: number;
  offset: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A person filter matches the id column for a uuid, else the email column (emails are stored lowercase). */
const personFilter = (value: string | undefined, idColumn: string, emailColumn: string) => {
  if (value === undefined) return {};
  return UUID.test(value) ? { [idColumn]: value.toLowerCase() } : { [emailColumn]: value.toLowerCase() };
};

export function createAuditQueryRepository(db: SharedClient) {
  return {
    async list(query: AuditQuery) {
      const where = {
        ...(query.action === undefined ? {} : { action: query.action }),
        ...personFilter(query.actor, 'actorId', 'actorEmail'),
        ...personFilter(query.target, 'targetId', 'targetEmail'),
        ...(query.tenantId === undefined ? {} : { tenantId: query.tenantId }),
        ...(query.from === undefined && query.to === undefined
          ? {}
          : { occurredAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) } }),
      };
      const [total, rows] = await Promise.all([
        db.auditEvent.count({ where }),
        db.auditEvent.findMany({
          where,
          orderBy: { id: 'desc' },
          take: query.limit,
          skip: query.offset,
          omit: { previousHash: true },
        }),
      ]);
      return { total, rows };
    },
  };
}

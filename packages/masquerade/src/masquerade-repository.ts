/**
 * The only code that touches `masquerade_sessions`. Writes take the connection of an audit transaction, so a
 * masquerade's row and its audit row commit together; reads use the shared client.
 */
import type { SharedClient } from '@smoothschedule/db';
import type pg from 'pg';

export interface NewMasquerade {
  id: string;
  hijackerId: string;
  hijackerSessionId: string;
  targetId: string;
  reason: string | null;
  ipAddress: string | null;
  startedAt: Date;
  expiresAt: Date;
}

export type MasqueradeEndReason = 'stopped' | 'expired';

export interface OverdueMasquerade {
  id: string;
  hijackerId: string;
  hijackerEmail: string;
  targetId: string;
  targetEmail: string;
  targetTenantId: string | null;
  reason: string | null;
  ipAddress: string | null;
}

export type MasqueradeRepository = ReturnType<typeof createMasqueradeRepository>;

export function createMasqueradeRepository(db: SharedClient) {
  return {
    find(id: string) {
      return db.masqueradeSession.findUnique({
        where: { id },
        select: { id: true, hijackerId: true, targetId: true, expiresAt: true, endedAt: true, endReason: true },
      });
    },

    async insert(client: pg.PoolClient, masquerade: NewMasquerade): Promise<void> {
      await client.query(
        `INSERT INTO public.masquerade_sessions
           (id, hijacker_id, hijacker_session_id, target_id, reason, ip_address, started_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          masquerade.id, masquerade.hijackerId, masquerade.hijackerSessionId, masquerade.targetId, masquerade.reason,
          masquerade.ipAddress, masquerade.startedAt, masquerade.expiresAt,
        ],
      );
    },

    /** Ends a running masquerade; false when it had already ended (a concurrent stop or expiry won). */
    async end(client: pg.PoolClient | pg.Pool, id: string, reason: MasqueradeEndReason, at: Date): Promise<boolean> {
      const result = await client.query(
        `UPDATE public.masquerade_sessions SET ended_at = $2, end_reason = $3 WHERE id = $1 AND ended_at IS NULL`,
        [id, at, reason],
      );
      return result.rowCount === 1;
    },

    /** Running masquerades past their end (or just `id`, if it is one), oldest first, with what their audit needs. */
    async findOverdue(now: Date, { id, limit }: { id?: string; limit: number }): Promise<OverdueMasquerade[]> {
      const rows = await db.masqueradeSession.findMany({
        where: { endedAt: null, expiresAt: { lte: now }, ...(id === undefined ? {} : { id }) },
        orderBy: { expiresAt: 'asc' },
        take: limit,
        select: {
          id: true,
          hijackerId: true,
          targetId: true,
          reason: true,
          ipAddress: true,
          hijacker: { select: { email: true } },
          target: { select: { email: true, tenantId: true } },
        },
      });
      return rows.map((row) => ({
        id: row.id,
        hijackerId: row.hijackerId,
        hijackerEmail: row.hijacker.email,
        targetId: row.targetId,
        targetEmail: row.target.email,
        targetTenantId: row.target.tenantId,
        reason: row.reason,
        ipAddress: row.ipAddress,
      }));
    },
  };
}

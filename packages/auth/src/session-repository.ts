/** The only code that touches the `sessions` table (and the user rows authentication reads through it). */
import type { SharedClient } from '@smoothschedule/db';

export interface NewSession {
  familyId: string;
  userId: string;
  refreshTokenHash: string;
  expiresAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;

const USER_FIELDS = {
  id: true,
  email: true,
  role: true,
  tenantId: true,
  isActive: true,
  isTemporary: true,
} as const;

export function createSessionRepository(db: SharedClient) {
  return {
    create(session: NewSession) {
      return db.session.create({ data: session, select: { id: true, familyId: true } });
    },

    findByTokenHash(refreshTokenHash: string) {
      return db.session.findUnique({ where: { refreshTokenHash }, include: { user: { select: USER_FIELDS } } });
    },

    /** The live row of a family (neither replaced, revoked nor expired) with its user; null when none. */
    findLiveInFamily(familyId: string, now: Date) {
      return db.session.findFirst({
        where: { familyId, replacedAt: null, revokedAt: null, expiresAt: { gt: now } },
        select: { id: true, userId: true, user: { select: USER_FIELDS } },
      });
    },

    /**
     * Marks `sessionId` replaced and inserts its successor, in one transaction. Null when the row was no longer
     * live (a concurrent refresh or a revocation won): the caller treats that as reuse.
     */
    async rotate(sessionId: string, now: Date, successor: NewSession) {
      return db.$transaction(async (tx) => {
        const claimed = await tx.session.updateMany({
          where: { id: sessionId, replacedAt: null, revokedAt: null, expiresAt: { gt: now } },
          data: { replacedAt: now },
        });
        if (claimed.count !== 1) return null;
        return tx.session.create({ data: successor, select: { id: true, familyId: true } });
      });
    },

    async revokeFamily(familyId: string, reason: string, now: Date): Promise<number> {
      const result = await db.session.updateMany({
        where: { familyId, revokedAt: null },
        data: { revokedAt: now, revokedReason: reason },
      });
      return result.count;
    },

    /** Every family of the user except `keepFamilyId` (a password change ends the other devices' sessions). */
    async revokeOtherFamilies(userId: string, keepFamilyId: string, reason: string, now: Date): Promise<number> {
      const result = await db.session.updateMany({
        where: { userId, familyId: { not: keepFamilyId }, revokedAt: null },
        data: { revokedAt: now, revokedReason: reason },
      });
      return result.count;
    },
  };
}

/**
 * Sessions are refresh-token families. A login starts a family; a refresh replaces its live row with a new one
 * (rotation); presenting a replaced or revoked token again is reuse, and revokes the whole family, because one
 * of the two holders of that token is not its owner. Logout revokes the family.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Role } from '@smoothschedule/db';
import { InvalidRefreshTokenError } from './auth-errors.ts';
import type { SecurityLog } from './security-log.ts';
import type { SessionRepository } from './session-repository.ts';
import { hostScopeProblem } from './token-scope.ts';
import { hashRefreshToken, newRefreshToken, type TokenService } from './token-service.ts';

export interface SessionUser {
  id: string;
  email: string;
  role: Role;
  tenantId: string | null;
}

export interface IssuedTokens {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: Date;
  familyId: string;
  userId: string;
}

export interface SessionServiceOptions {
  sessions: SessionRepository;
  tokens: TokenService;
  securityLog: SecurityLog;
  refreshTokenTtlDays: number;
  now?: () => Date;
}

export type SessionService = ReturnType<typeof createSessionService>;

export function createSessionService({ sessions, tokens, securityLog, refreshTokenTtlDays, now = () => new Date() }: SessionServiceOptions) {
  const refreshTtlMs = refreshTokenTtlDays * 86_400_000;

  const rowFor = (familyId: string, userId: string, request: FastifyRequest, at: Date) => {
    const refreshToken = newRefreshToken();
    return {
      refreshToken,
      row: {
        familyId,
        userId,
        refreshTokenHash: hashRefreshToken(refreshToken),
        expiresAt: new Date(at.getTime() + refreshTtlMs),
        ipAddress: request.ip ?? null,
        userAgent: request.headers['user-agent']?.slice(0, 500) ?? null,
      },
    };
  };

  const issue = (user: SessionUser, familyId: string, refreshToken: string, expiresAt: Date): IssuedTokens => ({
    accessToken: tokens.signAccessToken({ sub: user.id, role: user.role, tid: user.tenantId, sid: familyId }),
    expiresIn: tokens.accessTokenTtlSeconds,
    refreshToken,
    refreshExpiresAt: expiresAt,
    familyId,
    userId: user.id,
  });

  const refuse = (request: FastifyRequest, reason: string, fields: Record<string, unknown> = {}): never => {
    securityLog.record('refresh.failure', request, { reason, ...fields });
    throw new InvalidRefreshTokenError();
  };

  return {
    async start(user: SessionUser, request: FastifyRequest): Promise<IssuedTokens> {
      const at = now();
      const { refreshToken, row } = rowFor(randomUUID(), user.id, request, at);
      const created = await sessions.create(row);
      return issue(user, created.familyId, refreshToken, row.expiresAt);
    },

    async refresh(refreshToken: string | undefined, request: FastifyRequest): Promise<IssuedTokens> {
      if (!refreshToken) return refuse(request, 'no refresh cookie');
      const session = await sessions.findByTokenHash(hashRefreshToken(refreshToken));
      if (session === null) return refuse(request, 'unknown refresh token');
      const at = now();
      const who = { userId: session.userId, email: session.user.email, familyId: session.familyId };
      if (session.replacedAt !== null || session.revokedAt !== null) {
        const revoked = await sessions.revokeFamily(session.familyId, 'refresh token reuse', at);
        securityLog.record('refresh.reuse', request, {
          ...who,
          reason: session.revokedAt !== null ? 'revoked refresh token presented' : 'replaced refresh token presented',
          revokedSessions: revoked,
        });
        throw new InvalidRefreshTokenError();
      }
      if (session.expiresAt <= at) return refuse(request, 'refresh token expired', who);
      if (!session.user.isActive) {
        await sessions.revokeFamily(session.familyId, 'user inactive', at);
        return refuse(request, 'user inactive', who);
      }
      const scopeProblem = hostScopeProblem(session.user, request.tenant ?? null);
      if (scopeProblem !== null) return refuse(request, scopeProblem, who);

      const next = rowFor(session.familyId, session.userId, request, at);
      const rotated = await sessions.rotate(session.id, at, next.row);
      if (rotated === null) {
        // Another request rotated or revoked this row a moment ago with the same token: reuse as well.
        const revoked = await sessions.revokeFamily(session.familyId, 'refresh token reuse', at);
        securityLog.record('refresh.reuse', request, { ...who, reason: 'concurrent refresh', revokedSessions: revoked });
        throw new InvalidRefreshTokenError();
      }
      securityLog.record('refresh.success', request, who);
      return issue(session.user, session.familyId, next.refreshToken, next.row.expiresAt);
    },

    /** Revokes the family of `familyId` (from the access token) or of the refresh cookie; idempotent. */
    async logout(familyId: string | null, refreshToken: string | undefined, request: FastifyRequest): Promise<void> {
      let family = familyId;
      if (family === null && refreshToken) {
        family = (await sessions.findByTokenHash(hashRefreshToken(refreshToken)))?.familyId ?? null;
      }
      if (family === null) return;
      const revoked = await sessions.revokeFamily(family, 'logout', now());
      securityLog.record('logout', request, { familyId: family, revokedSessions: revoked });
    },

    revokeOtherFamilies(userId: string, keepFamilyId: string, reason: string) {
      return sessions.revokeOtherFamilies(userId, keepFamilyId, reason, now());
    },
  };
}

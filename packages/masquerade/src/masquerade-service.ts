/**
 * Starting, stopping and checking masquerades (SPEC §5). Every attempt, stop and expiry is audited before the
 * answer; a masquerade whose audit cannot be written does not start (fail closed).
 */
import { randomUUID } from 'node:crypto';
import {
  BlockedWhileMasqueradingError,
  InvalidTokenError,
  MasqueradeEndedError,
  PUBLIC_USER_FIELDS,
  toPublicUser,
  UserNotFoundError,
  type AuditTrail,
  type Principal,
  type PublicUser,
} from '@smoothschedule/auth';
import type { SharedClient } from '@smoothschedule/db';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { recordMasqueradeEvent, type MasqueradeEvent } from './masquerade-audit.ts';
import { AuditUnavailableError, MasqueradeForbiddenError, NotMasqueradingError } from './masquerade-errors.ts';
import type { MasqueradeLog } from './masquerade-log.ts';
import type { MasqueradeRepository } from './masquerade-repository.ts';
import { decideMasquerade, type Denial } from './masquerade-rules.ts';

/** What a signed token needs; the token service of @smoothschedule/auth provides it. */
export interface MasqueradeTokenSigner {
  accessTokenTtlSeconds: number;
  signAccessToken(
    subject: { sub: string; role: PublicUser['role']; tid: string | null; sid: string; act?: { sub: string; msid: string } },
    expiresInSeconds?: number,
  ): string;
}

export interface MasqueradeServiceOptions {
  shared: SharedClient;
  pool: pg.Pool;
  repository: MasqueradeRepository;
  audit: AuditTrail;
  log: MasqueradeLog;
  tokens: MasqueradeTokenSigner;
  maxMinutes: number;
  clock: () => Date;
  logger: FastifyBaseLogger;
}

export interface RequestFacts {
  ip: string | null;
}

export interface StartedMasquerade {
  accessToken: string;
  expiresIn: number;
  user: PublicUser;
  actor: { userId: string; email: string; role: PublicUser['role']; masqueradeId: string; expiresAt: string };
}

/** How many overdue masquerades one sweep expires (the rest wait for the next start or stop). */
const OVERDUE_SWEEP_LIMIT = 50;

const denialError = (denial: Denial) => {
  switch (denial.kind) {
    case 'nested':
      return new BlockedWhileMasqueradingError();
    case 'not_found':
      return new UserNotFoundError();
    case 'forbidden':
      return new MasqueradeForbiddenError(denial.reason);
  }
};

export type MasqueradeService = ReturnType<typeof createMasqueradeService>;

export function createMasqueradeService(options: MasqueradeServiceOptions) {
  const { shared, repository, audit, log, tokens, clock, logger } = options;
  const lifetimeSeconds = options.maxMinutes * 60;

  const findUser = (id: string) => shared.user.findUnique({ where: { id }, select: PUBLIC_USER_FIELDS });

  /** The row and the line of one event in a transaction of their own; `alsoWrite` joins that transaction. */
  const audited = (event: MasqueradeEvent, alsoWrite?: (client: pg.PoolClient) => Promise<boolean | void>) =>
    audit.transaction(async (tx) => {
      if (alsoWrite && (await alsoWrite(tx.client)) === false) return false;
      await recordMasqueradeEvent(tx, log, event);
      return true;
    });

  /** Ends one masquerade as expired with its HIJACK_EXPIRED event; false when it had ended already. */
  const expire = async (masqueradeId: string): Promise<boolean> => {
    const at = clock();
    const [overdue] = await repository.findOverdue(at, { id: masqueradeId, limit: 1 });
    if (overdue === undefined) return false;
    const [hijacker, target] = [{ id: overdue.hijackerId, email: overdue.hijackerEmail }, { id: overdue.targetId, email: overdue.targetEmail }];
    return audited(
      {
        action: 'HIJACK_EXPIRED',
        at,
        hijacker,
        target,
        tenantId: overdue.targetTenantId,
        ipAddress: overdue.ipAddress,
        masqueradeId,
        reason: overdue.reason,
      },
      (client) => repository.end(client, masqueradeId, 'expired', at),
    );
  };

  /** Expires (and audits) masquerades nobody used after their end, so every expiry reaches the trail. */
  const expireOverdue = async (): Promise<number> => {
    let expired = 0;
    for (const overdue of await repository.findOverdue(clock(), { limit: OVERDUE_SWEEP_LIMIT })) {
      if (await expire(overdue.id)) expired += 1;
    }
    return expired;
  };

  return {
    expireOverdue,

    async start(principal: Principal, input: { userId: string; reason?: string | undefined }, facts: RequestFacts): Promise<StartedMasquerade> {
      await expireOverdue().catch((error: unknown) => logger.error({ err: error }, 'expiring overdue masquerades failed'));
      const realPerson = principal.actor ?? principal;
      const hijacker = { id: realPerson.userId, email: realPerson.email };
      const target = await findUser(input.userId);
      const reason = input.reason ?? null;
      const at = clock();
      const denial = decideMasquerade(
        { id: realPerson.userId, role: realPerson.role, tenantId: principal.actor ? null : principal.tenantId, isMasquerading: principal.actor !== undefined },
        target,
      );
      const base = { at, hijacker, target, ipAddress: facts.ip, reason };

      if (denial !== null) {
        const tenantId = (principal.actor ? null : principal.tenantId) ?? target?.tenantId ?? null;
        await audited({ ...base, action: 'HIJACK_DENIED', tenantId, masqueradeId: null, denialReason: denial.reason }).catch(
          (error: unknown) => logger.error({ err: error }, 'masquerade denial could not be audited'),
        );
        throw denialError(denial);
      }

      const allowedTarget = target!;
      const masqueradeId = randomUUID();
      const expiresAt = new Date(at.getTime() + lifetimeSeconds * 1000);
      try {
        await audited(
          { ...base, action: 'HIJACK_START', tenantId: allowedTarget.tenantId, masqueradeId },
          (client) =>
            repository.insert(client, {
              id: masqueradeId,
              hijackerId: hijacker.id,
              hijackerSessionId: principal.sessionId,
              targetId: allowedTarget.id,
              reason,
              ipAddress: facts.ip,
              startedAt: at,
              expiresAt,
            }),
        );
      } catch (error) {
        logger.error({ err: error, hijacker: hijacker.email, target: allowedTarget.email }, 'masquerade refused: audit failed');
        throw new AuditUnavailableError();
      }

      // The token outlives the masquerade by one access-token lifetime, so that the first request after the end
      // still reaches the masquerade check and its expiry is audited, instead of failing as a plain expired JWT.
      const accessToken = tokens.signAccessToken(
        {
          sub: allowedTarget.id,
          role: allowedTarget.role,
          tid: allowedTarget.tenantId,
          sid: principal.sessionId,
          act: { sub: hijacker.id, msid: masqueradeId },
        },
        lifetimeSeconds + tokens.accessTokenTtlSeconds,
      );
      return {
        accessToken,
        expiresIn: lifetimeSeconds,
        user: toPublicUser(allowedTarget),
        actor: { userId: hijacker.id, email: hijacker.email, role: realPerson.role, masqueradeId, expiresAt: expiresAt.toISOString() },
      };
    },

    async stop(principal: Principal, facts: RequestFacts) {
      const { actor } = principal;
      if (actor === undefined) throw new NotMasqueradingError();
      const at = clock();
      const event: MasqueradeEvent = {
        action: 'HIJACK_END',
        at,
        hijacker: { id: actor.userId, email: actor.email },
        target: { id: principal.userId, email: principal.email },
        tenantId: principal.tenantId,
        ipAddress: facts.ip,
        masqueradeId: actor.masqueradeId,
        reason: null,
      };
      let ended: boolean;
      try {
        ended = await audited(event, (client) => repository.end(client, actor.masqueradeId, 'stopped', at));
      } catch (error) {
        // Ending is always the safe side: the masquerade stops even though its stop could not be audited.
        await repository.end(options.pool, actor.masqueradeId, 'stopped', at).catch(() => undefined);
        logger.error({ err: error, masqueradeId: actor.masqueradeId }, 'masquerade stopped without its audit record');
        throw new AuditUnavailableError();
      }
      if (!ended) throw new MasqueradeEndedError('it was already stopped or expired');
      const original = await findUser(actor.userId);
      if (original === null || !original.isActive) throw new InvalidTokenError();
      return {
        accessToken: tokens.signAccessToken({ sub: original.id, role: original.role, tid: original.tenantId, sid: principal.sessionId }),
        expiresIn: tokens.accessTokenTtlSeconds,
        user: toPublicUser(original),
      };
    },

    /** The per-request check of a masquerade token (registered with the authentication plugin). */
    async verify(masquerade: { id: string; hijackerId: string; targetId: string }): Promise<{ expiresAt: Date }> {
      const row = await repository.find(masquerade.id);
      if (row === null || row.hijackerId !== masquerade.hijackerId || row.targetId !== masquerade.targetId) {
        throw new InvalidTokenError();
      }
      if (row.endedAt !== null) throw new MasqueradeEndedError(row.endReason === 'expired' ? 'it expired' : 'it was stopped');
      if (clock().getTime() >= row.expiresAt.getTime()) {
        try {
          await expire(row.id);
        } catch (error) {
          // Refused all the same; the expiry is audited by the next request or sweep that succeeds.
          logger.error({ err: error, masqueradeId: row.id }, 'masquerade expiry could not be audited');
        }
        throw new MasqueradeEndedError('it expired');
      }
      return { expiresAt: row.expiresAt };
    },
  };
}

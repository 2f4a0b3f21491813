/**
 * Permission grants (SPEC §6): create, list, revoke, bulk revoke, and the lookups enforcement needs. Every
 * creation, refusal of a creation and revocation is audited (a hash-chained row) and logged (security.log) before
 * the answer; a grant and its GRANT_CREATED row, a revocation and its GRANT_REVOKED rows, commit together.
 */
import { randomUUID } from 'node:crypto';
import type { AuditEventInput, AuditTrail } from '../audit/audit-trail.ts';
import type { Principal } from '../principal.ts';
import { Role } from '../roles.ts';
import type { SecurityEvent, SecurityLogFields } from '../security-log.ts';
import { UserNotFoundError, UserTenantNotFoundError } from '../user-errors.ts';
import type { UserGrantScope } from '../user-permissions.ts';
import type { GrantableAction } from './grant-catalogue.ts';
import { GrantDurationTooLongError, GrantForbiddenError, GrantNotFoundError } from './grant-errors.ts';
import { grantStatus, type GrantListFilter, type GrantRecord, type GrantRepository, type GrantStatus } from './grant-repository.ts';
import {
  roleHoldsAction,
  ruleDurationWithinMax,
  ruleGranteeInReach,
  ruleGrantorHoldsAction,
  ruleNotSelf,
  ruleOwnerScope,
  ruleRoleMayGrant,
  type GrantRefusal,
  type GrantScope,
} from './grant-rules.ts';

/** SPEC §6: a grant lasts this long unless asked otherwise (or the maximum, when that is shorter). */
export const DEFAULT_GRANT_MINUTES = 30;

export interface CreateGrantInput {
  granteeId: string;
  action: GrantableAction;
  tenantId?: string | null;
  reason: string;
  durationMinutes?: number;
}

/** Where a call comes from: its address for the audit row, and its security-log writer (bound to the request). */
export interface GrantOrigin {
  ip: string | null;
  record(event: SecurityEvent, fields: SecurityLogFields): void;
}

export interface GrantView {
  id: string;
  grantorId: string;
  grantorEmail: string;
  granteeId: string;
  granteeEmail: string;
  action: string;
  tenantId: string | null;
  reason: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedById: string | null;
  status: GrantStatus;
}

export function toGrantView(grant: GrantRecord, now: Date): GrantView {
  return {
    id: grant.id,
    grantorId: grant.grantorId,
    grantorEmail: grant.grantor.email,
    granteeId: grant.granteeId,
    granteeEmail: grant.grantee.email,
    action: grant.action,
    tenantId: grant.tenantId,
    reason: grant.reason,
    createdAt: grant.createdAt.toISOString(),
    expiresAt: grant.expiresAt.toISOString(),
    revokedAt: grant.revokedAt?.toISOString() ?? null,
    revokedById: grant.revokedById,
    status: grantStatus(grant, now),
  };
}

export interface GrantServiceDependencies {
  repository: GrantRepository;
  audit: AuditTrail;
  clock: () => Date;
  maxMinutes: number;
}

/** Who may revoke a grant they can see: its grantor, a superuser, the owner of the grantee's tenant. */
export function mayRevoke(principal: Principal, grant: Pick<GrantRecord, 'grantorId' | 'grantee'>): boolean {
  if (principal.role === Role.SUPERUSER || grant.grantorId === principal.userId) return true;
  return principal.role === Role.TENANT_OWNER && principal.tenantId !== null && grant.grantee.tenantId === principal.tenantId;
}

export type GrantService = ReturnType<typeof createGrantService>;

export function createGrantService({ repository, audit, clock, maxMinutes }: GrantServiceDependencies) {
  const defaultMinutes = Math.min(DEFAULT_GRANT_MINUTES, maxMinutes);

  const actorFields = (principal: Principal, origin: GrantOrigin, now: Date) => ({
    occurredAt: now,
    actorId: principal.userId,
    actorEmail: principal.email,
    ipAddress: origin.ip,
  });

  async function refuse(
    principal: Principal,
    input: CreateGrantInput,
    refusal: GrantRefusal,
    origin: GrantOrigin,
    now: Date,
    grantee: { id: string; email: string } | null,
  ): Promise<never> {
    const event: AuditEventInput = {
      ...actorFields(principal, origin, now),
      action: 'GRANT_DENIED',
      // The grantee's email only when the caller could see that user; the requested id is theirs anyway.
      targetId: grantee?.id ?? null,
      targetEmail: grantee?.email ?? null,
      tenantId: principal.tenantId ?? input.tenantId ?? null,
      reason: input.reason,
      details: {
        grantAction: input.action,
        requestedGranteeId: input.granteeId,
        requestedTenantId: input.tenantId ?? null,
        durationMinutes: input.durationMinutes ?? defaultMinutes,
        rule: refusal.rule,
        denialReason: refusal.message,
      },
    };
    await audit.append(event);
    origin.record('grant.denied', {
      reason: refusal.message,
      rule: refusal.rule,
      granteeId: input.granteeId,
      action: input.action,
      tenantId: input.tenantId ?? null,
    });
    if (refusal.status === 400) throw new GrantDurationTooLongError(refusal.message);
    if (refusal.status === 404) throw refusal.rule === 'tenant-not-found' ? new UserTenantNotFoundError() : new UserNotFoundError();
    throw new GrantForbiddenError(refusal.message);
  }

  async function loadVisible(principal: Principal, id: string): Promise<GrantRecord> {
    const grant = await repository.findVisible(principal, id);
    if (grant === null) throw new GrantNotFoundError('No such grant');
    return grant;
  }

  /** Revokes the ACTIVE ones among `grants` in one transaction, one GRANT_REVOKED row each; returns them as now stored. */
  async function revokeAll(principal: Principal, grants: GrantRecord[], origin: GrantOrigin, bulk: boolean) {
    const now = clock();
    const ids = grants.map((grant) => grant.id);
    const revoked = await audit.transaction(async (tx) => {
      const changed = await repository.revokeActive(tx.client, ids, principal.userId, now);
      for (const grant of grants.filter((candidate) => changed.includes(candidate.id))) {
        await tx.append({
          ...actorFields(principal, origin, now),
          action: 'GRANT_REVOKED',
          targetId: grant.granteeId,
          targetEmail: grant.grantee.email,
          tenantId: grant.tenantId ?? grant.grantee.tenantId,
          reason: grant.reason,
          details: { grantId: grant.id, grantAction: grant.action, grantTenantId: grant.tenantId, bulk },
        });
      }
      return changed;
    });
    for (const grant of grants.filter((candidate) => revoked.includes(candidate.id))) {
      origin.record('grant.revoked', { grantId: grant.id, granteeId: grant.granteeId, action: grant.action, tenantId: grant.tenantId, bulk });
    }
    const after = await repository.findByIds(ids);
    return after.map((grant) => toGrantView(grant, now));
  }

  return {
    maxMinutes,
    defaultMinutes,

    async create(principal: Principal, input: CreateGrantInput, origin: GrantOrigin): Promise<GrantView> {
      const now = clock();
      const durationMinutes = input.durationMinutes ?? defaultMinutes;
      const early = ruleRoleMayGrant(principal)
        ?? ruleNotSelf(principal, input.granteeId)
        ?? ruleDurationWithinMax(durationMinutes, maxMinutes)
        ?? ruleOwnerScope(principal, input.tenantId);
      if (early) return refuse(principal, input, early, origin, now, null);

      // An owner's grants are always scoped to their tenant; platform grantors choose one tenant or all (null).
      const tenantId = principal.role === Role.TENANT_OWNER ? principal.tenantId : (input.tenantId ?? null);
      let scope: GrantScope = null;
      if (tenantId !== null) {
        const tenant = await repository.findTenant(tenantId);
        if (tenant === null) return refuse(principal, input, { rule: 'tenant-not-found', status: 404, message: 'No such tenant' }, origin, now, null);
        scope = { tenantId: tenant.id, tenantIsDemo: tenant.isDemo };
      }
      const grantee = await repository.findUser(input.granteeId);
      const granteeRefusal = ruleGranteeInReach(principal, grantee);
      const visibleGrantee = granteeRefusal?.status === 404 ? null : grantee;
      if (granteeRefusal) return refuse(principal, input, granteeRefusal, origin, now, visibleGrantee);

      const heldThroughGrant = !roleHoldsAction(principal, input.action, scope)
        && (await repository.findActive(principal.userId, input.action, tenantId, now)) !== null;
      const holdRefusal = ruleGrantorHoldsAction(principal, input.action, scope, heldThroughGrant);
      if (holdRefusal) return refuse(principal, input, holdRefusal, origin, now, grantee);

      const id = randomUUID();
      const expiresAt = new Date(now.getTime() + durationMinutes * 60_000);
      await audit.transaction(async (tx) => {
        await repository.insert(tx.client, {
          id, grantorId: principal.userId, granteeId: grantee!.id, action: input.action, tenantId, reason: input.reason, createdAt: now, expiresAt,
        });
        await tx.append({
          ...actorFields(principal, origin, now),
          action: 'GRANT_CREATED',
          targetId: grantee!.id,
          targetEmail: grantee!.email,
          tenantId: tenantId ?? grantee!.tenantId,
          reason: input.reason,
          details: { grantId: id, grantAction: input.action, grantTenantId: tenantId, durationMinutes, expiresAt: expiresAt.toISOString() },
        });
      });
      origin.record('grant.created', { grantId: id, granteeId: grantee!.id, action: input.action, tenantId, expiresAt: expiresAt.toISOString() });
      return toGrantView(await loadVisible(principal, id), now);
    },

    async list(principal: Principal, filter: GrantListFilter) {
      const now = clock();
      const { total, rows } = await repository.list(principal, filter, now);
      return { grants: rows.map((grant) => toGrantView(grant, now)), total, limit: filter.limit, offset: filter.offset };
    },

    async get(principal: Principal, id: string): Promise<GrantView> {
      return toGrantView(await loadVisible(principal, id), clock());
    },

    /** Revoking a grant that is no longer ACTIVE (revoked or expired) changes nothing and answers it as it is. */
    async revoke(principal: Principal, id: string, origin: GrantOrigin): Promise<GrantView> {
      const grant = await loadVisible(principal, id);
      if (!mayRevoke(principal, grant)) {
        origin.record('permission.denied', { reason: 'may not revoke this grant', grantId: id });
        throw new GrantForbiddenError('Only the grantor, a superuser or the tenant owner revokes this grant');
      }
      const [view] = await revokeAll(principal, [grant], origin, false);
      return view!;
    },

    /**
     * All or nothing: any id the caller cannot see answers 404 naming those ids, any they may not revoke 403,
     * and then nothing is revoked; otherwise every ACTIVE one is, in one transaction.
     */
    async revokeMany(principal: Principal, ids: string[], origin: GrantOrigin): Promise<GrantView[]> {
      const unique = [...new Set(ids)];
      const grants = await repository.findVisibleMany(principal, unique);
      const missing = unique.filter((id) => !grants.some((grant) => grant.id === id));
      if (missing.length > 0) throw new GrantNotFoundError(`No such grant: ${missing.join(', ')}`);
      const refused = grants.filter((grant) => !mayRevoke(principal, grant)).map((grant) => grant.id);
      if (refused.length > 0) {
        origin.record('permission.denied', { reason: 'may not revoke these grants', grantIds: refused });
        throw new GrantForbiddenError(`You may not revoke: ${refused.join(', ')}`);
      }
      return revokeAll(principal, grants, origin, true);
    },

    /** The ACTIVE grant that lets `userId` do `action` in `tenantId` (null: a platform request) right now, if any. */
    findActiveGrant(userId: string, action: GrantableAction, tenantId: string | null) {
      return repository.findActive(userId, action, tenantId, clock());
    },

    /** Where `userId` holds an ACTIVE manage_users grant right now (for the users service). */
    async userGrantScope(userId: string): Promise<UserGrantScope> {
      const scopes = await repository.activeScopes(userId, 'manage_users', clock());
      return {
        allTenants: scopes.includes(null),
        tenantIds: scopes.filter((tenantId): tenantId is string => tenantId !== null),
      };
    },
  };
}

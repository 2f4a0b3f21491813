/**
 * The permission_grants table. Reads go through the shared Prisma client; the writes that must commit with their
 * audit row (create, revoke) take the audit transaction's pg connection. Status is never stored: every filter on
 * it compares the dates with `now`, the injected clock's time, in SQL.
 */
import type { SharedClient } from '@smoothschedule/db';
import type pg from 'pg';
import type { Principal } from '../principal.ts';
import { Role } from '../roles.ts';

export const GRANT_STATUSES = ['ACTIVE', 'EXPIRED', 'REVOKED'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

const GRANT_FIELDS = {
  id: true,
  grantorId: true,
  granteeId: true,
  action: true,
  tenantId: true,
  reason: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  revokedById: true,
  grantor: { select: { email: true } },
  grantee: { select: { email: true, tenantId: true } },
} as const;

type GrantWhere = NonNullable<NonNullable<Parameters<SharedClient['permissionGrant']['findMany']>[0]>['where']>;

/**
 * Which grants a principal sees (SPEC §6): a superuser all; a platform manager those to platform staff; a tenant
 * owner those to their tenant's users; everyone those they gave or received.
 */
export function grantVisibility(principal: Principal): GrantWhere {
  const own: GrantWhere[] = [{ grantorId: principal.userId }, { granteeId: principal.userId }];
  switch (principal.role) {
    case Role.SUPERUSER:
      return {};
    case Role.PLATFORM_MANAGER:
      return { OR: [{ grantee: { tenantId: null } }, ...own] };
    case Role.TENANT_OWNER:
      return principal.tenantId ? { OR: [{ grantee: { tenantId: principal.tenantId } }, ...own] } : { OR: own };
    default:
      return { OR: own };
  }
}

export function statusWhere(status: GrantStatus, now: Date): GrantWhere {
  switch (status) {
    case 'ACTIVE':
      return { revokedAt: null, expiresAt: { gt: now } };
    case 'EXPIRED':
      return { revokedAt: null, expiresAt: { lte: now } };
    case 'REVOKED':
      return { revokedAt: { not: null } };
  }
}

/** The grants that cover `tenantId` (a grant for every tenant covers each one); null: only those for every tenant. */
const coversTenant = (tenantId: string | null): GrantWhere =>
  tenantId === null ? { tenantId: null } : { OR: [{ tenantId: null }, { tenantId }] };

export interface GrantListFilter {
  status?: GrantStatus;
  granteeId?: string;
  action?: string;
  limit: number;
  offset: number;
}

export interface NewGrantRow {
  id: string;
  grantorId: string;
  granteeId: string;
  action: string;
  tenantId: string | null;
  reason: string;
  createdAt: Date;
  expiresAt: Date;
}

export type GrantRepository = ReturnType<typeof createGrantRepository>;

export function createGrantRepository(db: SharedClient) {
  return {
    findUser(id: string) {
      return db.user.findUnique({ where: { id }, select: { id: true, email: true, role: true, tenantId: true, isActive: true } });
    },

    findTenant(id: string) {
      return db.tenant.findUnique({ where: { id }, select: { id: true, isDemo: true } });
    },

    findVisible(principal: Principal, id: string) {
      return db.permissionGrant.findFirst({ where: { AND: [{ id }, grantVisibility(principal)] }, select: GRANT_FIELDS });
    },

    findVisibleMany(principal: Principal, ids: string[]) {
      return db.permissionGrant.findMany({ where: { AND: [{ id: { in: ids } }, grantVisibility(principal)] }, select: GRANT_FIELDS });
    },

    findByIds(ids: string[]) {
      return db.permissionGrant.findMany({ where: { id: { in: ids } }, select: GRANT_FIELDS, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
    },

    async list(principal: Principal, filter: GrantListFilter, now: Date) {
      const where: GrantWhere = {
        AND: [
          grantVisibility(principal),
          filter.status === undefined ? {} : statusWhere(filter.status, now),
          filter.granteeId === undefined ? {} : { granteeId: filter.granteeId },
          filter.action === undefined ? {} : { action: filter.action },
        ],
      };
      const [total, rows] = await Promise.all([
        db.permissionGrant.count({ where }),
        db.permissionGrant.findMany({
          where,
          select: GRANT_FIELDS,
          orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
          take: filter.limit,
          skip: filter.offset,
        }),
      ]);
      return { total, rows };
    },

    /** The ACTIVE grant of `action` to `granteeId` that covers `tenantId`, if any. */
    findActive(granteeId: string, action: string, tenantId: string | null, now: Date) {
      return db.permissionGrant.findFirst({
        where: { AND: [{ granteeId, action }, statusWhere('ACTIVE', now), coversTenant(tenantId)] },
        select: { id: true, tenantId: true, expiresAt: true },
      });
    },

    /** The tenants (null: every tenant) of the ACTIVE grants of `action` to `granteeId`. */
    async activeScopes(granteeId: string, action: string, now: Date): Promise<Array<string | null>> {
      const rows = await db.permissionGrant.findMany({
        where: { AND: [{ granteeId, action }, statusWhere('ACTIVE', now)] },
        select: { tenantId: true },
      });
      return rows.map((row) => row.tenantId);
    },

    async insert(client: pg.PoolClient, row: NewGrantRow): Promise<void> {
      await client.query(
        `INSERT INTO public.permission_grants (id, grantor_id, grantee_id, action, tenant_id, reason, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [row.id, row.grantorId, row.granteeId, row.action, row.tenantId, row.reason, row.createdAt, row.expiresAt],
      );
    },

    /** Revokes those of `ids` that are ACTIVE at `now`; returns their ids (row-locked, so concurrent revokes do not both count). */
    async revokeActive(client: pg.PoolClient, ids: string[], revokerId: string, now: Date): Promise<string[]> {
      const result = await client.query<{ id: string }>(
        `UPDATE public.permission_grants SET revoked_at = $3, revoked_by_id = $2
          WHERE id = ANY($1::uuid[]) AND revoked_at IS NULL AND expires_at > $3
          RETURNING id::text AS id`,
        [ids, revokerId, now],
      );
      return result.rows.map((row) => row.id);
    },
  };
}

export type GrantRecord = NonNullable<Awaited<ReturnType<GrantRepository['findVisible']>>>;

export function grantStatus(grant: { revokedAt: Date | null; expiresAt: Date }, now: Date): GrantStatus {
  if (grant.revokedAt !== null) return 'REVOKED';
  return now < grant.expiresAt ? 'ACTIVE' : 'EXPIRED';
}

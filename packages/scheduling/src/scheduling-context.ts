/** What every scheduling service call needs: who asks, in which tenant, with which database, at what time. */
import type { Principal } from '@smoothschedule/auth';
import type { TenantClient } from '@smoothschedule/db';
import type { TenantContext } from '@smoothschedule/tenancy';
import type { FastifyRequest } from 'fastify';

export interface SchedulingContext {
  principal: Principal | null;
  tenant: TenantContext;
  /** request.db: bound to the tenant's schema. */
  db: TenantClient;
  now: Date;
}

export function contextOf(request: FastifyRequest, clock: () => Date): SchedulingContext {
  const { tenant, db } = request.server.tenancy.requireTenant(request);
  return { principal: request.principal, tenant, db, now: clock() };
}

/** Users of the shared schema, as scheduling needs to know them (no foreign keys cross schemas). */
export interface TenantUserDirectory {
  /** The role of a user of this tenant, or null when no such user belongs to it. */
  roleOf(tenantId: string, userId: string): Promise<string | null>;
}

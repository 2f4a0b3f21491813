/**
 * Subscription limits (SPEC §2; the one table is TIER_LIMITS in @smoothschedule/tenancy) for what scheduling
 * owns: resources, and staff users through auth's user write guard. Each check counts under a transaction-scoped advisory lock taken before the count, in the transaction
 * that then writes, so concurrent creates at the limit queue up and exactly the allowed number succeed.
 */
import type { UserWriteGuard } from '@smoothschedule/auth';
import type { TenantPrisma } from '@smoothschedule/db';
import { TIER_LIMITS, type TenantContext } from '@smoothschedule/tenancy';
import { TierLimitReachedError } from './scheduling-errors.ts';

export type SubscriptionTier = TenantContext['subscriptionTier'];

/**
 * The users a staff limit counts: the people who work in the business below its owner. The owner (the account
 * holder) and customers do not count.
 */
export const STAFF_LIMITED_ROLES: readonly string[] = ['TENANT_MANAGER', 'TENANT_STAFF'];

/** Inside a tenant transaction: refuses a new resource once the tier's count is reached. */
export async function assertResourceLimit(tx: TenantPrisma.TransactionClient, tier: SubscriptionTier): Promise<void> {
  const limit = TIER_LIMITS[tier].resources;
  if (limit === null) return;
  // current_schema() is the tenant's (raw SQL in a tenant transaction runs with its search_path): one lock per tenant.
  await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext(current_schema() || ':resource-limit'))`;
  if ((await tx.resource.count()) >= limit) throw new TierLimitReachedError(tier, limit, 'resources');
}

/** auth's user write guard for the staff-user limit: wire it into usersRoutes ({ guardUserWrite }). */
export const staffUserLimitGuard: UserWriteGuard = async (tx, user) => {
  if (user.tenantId === null || !STAFF_LIMITED_ROLES.includes(user.role)) return;
  if (user.previousRole !== undefined && STAFF_LIMITED_ROLES.includes(user.previousRole)) return;
  const tenantId = user.tenantId;
  await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext(${`staff-limit:${tenantId}`}))`;
  const tenant = await tx.tenant.findUnique({ where: { id: tenantId }, select: { subscriptionTier: true } });
  if (!tenant) return; // the users service answers an unknown tenant itself
  const limit = TIER_LIMITS[tenant.subscriptionTier].staffUsers;
  if (limit === null) return;
  const count = await tx.user.count({ where: { tenantId, role: { in: STAFF_LIMITED_ROLES as never[] } } });
  if (count >= limit) throw new TierLimitReachedError(tenant.subscriptionTier, limit, 'staff users');
};

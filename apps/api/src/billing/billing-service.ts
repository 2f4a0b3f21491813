/**
 * The tenant's billing view (tier, status, the tier's limits, current usage, billing contact) and changes to the
 * billing contact. Usage is counted live; the contact lives in the tenant's own schema (billing_settings), never
 * in public. Repositories receive their clients: the shared client and the request's tenant-bound client.
 */
import type { SharedClient, TenantClient } from '@smoothschedule/db';
import { TIER_LIMITS, type TenantContext, type TierLimits } from '@smoothschedule/tenancy';

/** Roles that count as staff for the tier limit (SPEC §2): every tenant role but customers. */
const STAFF_ROLES = ['TENANT_OWNER', 'TENANT_MANAGER', 'TENANT_STAFF'] as const;

export interface BillingView {
  tenantId: string;
  tenantName: string;
  tier: TenantContext['subscriptionTier'];
  status: TenantContext['status'];
  limits: TierLimits;
  usage: { resources: number; staffUsers: number; customDomains: number };
  contact: { name: string | null; email: string | null; updatedAt: string; updatedById: string | null } | null;
}

export interface BillingContactChange {
  contactName?: string | null;
  contactEmail?: string | null;
}

function createBillingRepository(shared: SharedClient, tenantDb: TenantClient) {
  return {
    countResources: () => tenantDb.resource.count(),
    countStaffUsers: (tenantId: string) => shared.user.count({ where: { tenantId, role: { in: [...STAFF_ROLES] } } }),
    countCustomDomains: (tenantId: string) => shared.domain.count({ where: { tenantId, isCustomDomain: true } }),
    findContact: () => tenantDb.billingSettings.findUnique({ where: { id: 1 } }),
    upsertContact: (change: BillingContactChange, updatedById: string) =>
      tenantDb.billingSettings.upsert({
        where: { id: 1 },
        create: { id: 1, contactName: change.contactName ?? null, contactEmail: change.contactEmail ?? null, updatedById },
        update: { ...change, updatedById },
      }),
  };
}

export async function billingView(shared: SharedClient, tenantDb: TenantClient, tenant: TenantContext): Promise<BillingView> {
  const repository = createBillingRepository(shared, tenantDb);
  const [resources, staffUsers, customDomains, contact] = await Promise.all([
    repository.countResources(),
    repository.countStaffUsers(tenant.id),
    repository.countCustomDomains(tenant.id),
    repository.findContact(),
  ]);
  return {
    tenantId: tenant.id,
    tenantName: tenant.name,
    tier: tenant.subscriptionTier,
    status: tenant.status,
    limits: TIER_LIMITS[tenant.subscriptionTier],
    usage: { resources, staffUsers, customDomains },
    contact: contact && {
      name: contact.contactName,
      email: contact.contactEmail,
      updatedAt: contact.updatedAt.toISOString(),
      updatedById: contact.updatedById,
    },
  };
}

export async function updateBillingContact(
  shared: SharedClient,
  tenantDb: TenantClient,
  tenant: TenantContext,
  change: BillingContactChange,
  updatedById: string,
): Promise<BillingView> {
  await createBillingRepository(shared, tenantDb).upsertContact(change, updatedById);
  return billingView(shared, tenantDb, tenant);
}

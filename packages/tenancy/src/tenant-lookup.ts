import type { SharedClient } from '@smoothschedule/db';
import type { TenantContext } from './tenant-context.ts';

/**
 * Host → tenant through the shared client only: one statement on public.tenants filtered by its domains, so an
 * unknown host never reaches a tenant schema.
 */
export function createTenantLookup(shared: SharedClient) {
  return async function lookUpTenant(host: string): Promise<TenantContext | null> {
    return shared.tenant.findFirst({
      where: { domains: { some: { domain: host } } },
      select: {
        id: true,
        name: true,
        schemaName: true,
        subscriptionTier: true,
        status: true,
        isDemo: true,
        timezone: true,
      },
    });
  };
}

export type TenantLookup = ReturnType<typeof createTenantLookup>;

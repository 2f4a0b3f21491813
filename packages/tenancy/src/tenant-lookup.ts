import type { SharedClient } from '@smoothschedule/db';
import type { TenantContext } from './tenant-context.ts';

/**
 * Host → tenant through the shared client only: one statement on public.tenants filtered by its domains, so an
 * unknown host never reaches a tenant schema.
 *
 * Platform-assigned domains (the primary one, and any other that is not a custom domain) always resolve; a custom
 * domain resolves only once VERIFIED. Until its CNAME is in place, a custom host is somebody else's name, and
 * answering for it would let a tenant claim a host it does not control.
 */
export function createTenantLookup(shared: SharedClient) {
  return async function lookUpTenant(host: string): Promise<TenantContext | null> {
    return shared.tenant.findFirst({
      where: {
        domains: { some: { domain: host, OR: [{ isCustomDomain: false }, { verificationStatus: 'VERIFIED' }] } },
      },
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

/**
 * Who may use the marketplace, asked of auth's permission model: reading the catalog needs an access token
 * (any role); a tenant's installed plugins need `plugins.read`; installing, configuring and rating need
 * `plugins.manage` (the tenant's owner and managers).
 */
import { can, PermissionDeniedError, principalOf, type TenantCapability } from '@smoothschedule/auth';
import type { FastifyRequest } from 'fastify';

/** An onRequest guard: 401 without a token, 403 unless the caller holds the capability in the host's tenant. */
export function requireCapability(capability: TenantCapability) {
  return async function requireMarketplaceCapability(request: FastifyRequest): Promise<void> {
    const principal = principalOf(request);
    const tenant = request.tenant;
    // These routes run with tenancy 'required', so a tenant is always there; without one nothing is allowed.
    if (!tenant || !can(principal, capability, { tenantId: tenant.id, tenantIsDemo: tenant.isDemo }).allowed) {
      throw new PermissionDeniedError(`${principal.role} may not use ${capability}`);
    }
  };
}

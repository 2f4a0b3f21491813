/**
 * `requireAction(action)`: the route guard of the grantable actions (SPEC §6). Allowed when the role holds the
 * action in the request's tenant (the host's; none on a platform host, where only an every-tenant holding
 * counts), or when an ACTIVE grant covers the action and that tenant — looked up on every request with the
 * injected clock, so the request after a grant expires or is revoked is refused.
 */
import type { FastifyRequest } from 'fastify';
import { AuthenticationRequiredError } from '../auth-errors.ts';
import { recordPermissionDenied } from '../authentication-guards.ts';
import type { GrantableAction } from './grant-catalogue.ts';
import { ActionNotAllowedError } from './grant-errors.ts';
import { roleHoldsAction } from './grant-rules.ts';

const READABLE: Record<GrantableAction, string> = {
  view_billing: 'view billing',
  manage_billing: 'manage billing',
  export_customer_data: 'export customer data',
  manage_users: 'manage users',
  delete_appointments: 'delete appointments',
};

export function requireAction(action: GrantableAction) {
  return async function requireActionGuard(request: FastifyRequest): Promise<void> {
    const principal = request.principal;
    if (!principal) throw new AuthenticationRequiredError();
    const tenant = request.tenant ?? null;
    if (roleHoldsAction(principal, action, tenant && { tenantId: tenant.id, tenantIsDemo: tenant.isDemo })) return;
    const grant = await request.server.authentication.grants.findActiveGrant(principal.userId, action, tenant?.id ?? null);
    if (grant !== null) {
      request.permissionGrantId = grant.id;
      request.log.info({ grantId: grant.id, action, userId: principal.userId }, 'allowed by a permission grant');
      return;
    }
    recordPermissionDenied(request, `${action}: neither the role nor an active grant allows it`, { action });
    throw new ActionNotAllowedError(READABLE[action]);
  };
}

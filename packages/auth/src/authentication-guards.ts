/**
 * Route-level guards, declared where the route is (`preHandler: requireAuthentication` or
 * `preHandler: requireRoles(Role.SUPERUSER, …)`), never checks inside handlers.
 */
import type { FastifyRequest } from 'fastify';
import { AuthenticationRequiredError, BlockedWhileMasqueradingError, ForbiddenError } from './auth-errors.ts';
import type { Principal } from './principal.ts';
import type { Role } from './roles.ts';
import type { SecurityLogFields } from './security-log.ts';

export async function requireAuthentication(request: FastifyRequest): Promise<void> {
  if (!request.principal) throw new AuthenticationRequiredError();
}

export function requireRoles(...roles: Role[]) {
  const allowed = new Set(roles);
  return async function requireRole(request: FastifyRequest): Promise<void> {
    if (!request.principal) throw new AuthenticationRequiredError();
    if (!allowed.has(request.principal.role)) {
      recordPermissionDenied(request, `role ${request.principal.role} is not one of ${roles.join(', ')}`);
      throw new ForbiddenError();
    }
  };
}

/** The principal of a route guarded by requireAuthentication (throws if a route forgot the guard). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AuthenticationRequiredError();
  return request.principal;
}

/** Writes a `permission.denied` line to the security log; for every guard or service that refuses an action. */
export function recordPermissionDenied(request: FastifyRequest, reason: string, fields: SecurityLogFields = {}): void {
  request.server.authentication.securityLog.record('permission.denied', request, { reason, ...fields });
}

/** Refuses the route while masquerading (SPEC §5), with a `permission.denied` line naming the real actor. */
export async function forbidWhileMasquerading(request: FastifyRequest): Promise<void> {
  const actor = request.principal?.actor;
  if (actor === undefined) return;
  recordPermissionDenied(request, 'blocked while masquerading', { actorId: actor.userId, actorEmail: actor.email });
  throw new BlockedWhileMasqueradingError();
}

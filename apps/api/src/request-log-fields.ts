import type {} from '@smoothschedule/auth';
import type { FastifyRequest } from 'fastify';

/**
 * Who a request acted for, on every line that describes it: the tenant (its schema, `platform`, or null when the
 * host was not resolved) and the user (null until authentication has identified one). The request id is already
 * bound to `request.log` as reqId.
 */
export function requestLogFields(request: FastifyRequest): { tenant: string | null; user: string | null } {
  const tenant = request.tenant?.schemaName ?? (request.isPlatformHost ? 'platform' : null);
  // Falsy rather than null: a context registered before authentication lacks the decorator.
  return { tenant, user: request.principal ? request.principal.userId : null };
}

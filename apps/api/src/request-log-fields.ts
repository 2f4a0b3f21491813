import type {} from '@smoothschedule/auth';
import type { FastifyRequest } from 'fastify';

export interface RequestLogFields {
  tenant: string | null;
  user: string | null;
  /** Only while masquerading: the real person (id and email) acting as `user`, and the masquerade. */
  actor?: string;
  actorEmail?: string;
  masqueradeId?: string;
}

/**
 * Who a request acted for, on every line that describes it: the tenant (its schema, `platform`, or null when the
 * host was not resolved) and the user (null until authentication has identified one); while masquerading, also
 * the real actor behind that user. The request id is already bound to `request.log` as reqId.
 */
export function requestLogFields(request: FastifyRequest): RequestLogFields {
  const tenant = request.tenant?.schemaName ?? (request.isPlatformHost ? 'platform' : null);
  // Falsy rather than null: a context registered before authentication lacks the decorator.
  const principal = request.principal || null;
  const fields: RequestLogFields = { tenant, user: principal ? principal.userId : null };
  if (principal?.actor) {
    fields.actor = principal.actor.userId;
    fields.actorEmail = principal.actor.email;
    fields.masqueradeId = principal.actor.masqueradeId;
  }
  return fields;
}

/**
 * /api/grants (SPEC §6): create, list, revoke, bulk revoke. Every route needs an access token (onRequest, so an
 * anonymous request is refused before its body is read); creating and revoking are refused while masquerading.
 * What a principal may grant, see and revoke is the grants service's answer. Register under `/api`.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { forbidWhileMasquerading, principalOf, requireAuthentication } from '../authentication-guards.ts';
import { GRANTABLE_ACTIONS } from '../grants/grant-catalogue.ts';
import { GRANT_STATUSES } from '../grants/grant-repository.ts';
import type { GrantOrigin } from '../grants/grant-service.ts';
import { errorResponseSchema } from './error-schema.ts';

const errors = { 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema } as const;

export const grantSchema = z
  .object({
    id: z.uuid(),
    grantorId: z.uuid(),
    grantorEmail: z.string(),
    granteeId: z.uuid(),
    granteeEmail: z.string(),
    action: z.string(),
    tenantId: z.uuid().nullable().describe('The tenant the grant is scoped to; null: every tenant'),
    reason: z.string(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().nullable(),
    revokedById: z.uuid().nullable(),
    status: z.enum(GRANT_STATUSES).describe('Derived: ACTIVE (not revoked, now < expiresAt), EXPIRED or REVOKED'),
  })
  .meta({ id: 'PermissionGrant' });

const createGrantSchema = z
  .object({
    granteeId: z.uuid(),
    action: z.enum(GRANTABLE_ACTIONS),
    tenantId: z.uuid().nullish().describe('Platform grantors: one tenant, or null/omitted for every tenant. Owners: their own (the default)'),
    reason: z.string().trim().min(1).max(500),
    durationMinutes: z.number().int().min(1).max(10_080).optional().describe('Default 30 (or the maximum if shorter); at most PERMISSION_GRANT_MAX_MINUTES'),
  })
  .strict();

const listQuerySchema = z
  .object({
    status: z.enum(GRANT_STATUSES).optional(),
    granteeId: z.uuid().optional(),
    action: z.enum(GRANTABLE_ACTIONS).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

const idParams = z.object({ id: z.uuid().describe('The grant id') });
const bulkRevokeSchema = z.object({ ids: z.array(z.uuid()).min(1).max(100) }).strict();

function originOf(request: FastifyRequest): GrantOrigin {
  return {
    ip: request.ip ?? null,
    record: (event, fields) => request.server.authentication.securityLog.record(event, request, fields),
  };
}

export const grantsRoutes: FastifyPluginAsyncZod = async (app) => {
  const grants = () => app.authentication.grants;

  app.post(
    '/grants',
    {
      onRequest: requireAuthentication,
      // A refused creation is audited even when the refusal is the masquerade block (SPEC §5, §6).
      preHandler: async (request) => {
        const actor = request.principal?.actor;
        if (actor === undefined) return;
        const now = app.authentication.clock();
        await app.authentication.audit.append({
          occurredAt: now,
          action: 'GRANT_DENIED',
          actorId: actor.userId,
          actorEmail: actor.email,
          targetId: null,
          tenantId: request.principal!.tenantId,
          ipAddress: request.ip ?? null,
          reason: request.body.reason,
          details: { grantAction: request.body.action, requestedGranteeId: request.body.granteeId, rule: 'masquerading', masqueradingAs: request.principal!.userId },
        });
        originOf(request).record('grant.denied', { reason: 'blocked while masquerading', rule: 'masquerading', actorId: actor.userId });
        await forbidWhileMasquerading(request);
      },
      schema: {
        tags: ['grants'],
        summary: 'Grants an action for a limited time (SPEC §6); every attempt is audited',
        body: createGrantSchema,
        response: { 201: grantSchema, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await grants().create(principalOf(request), request.body, originOf(request))),
  );

  app.get(
    '/grants',
    {
      onRequest: requireAuthentication,
      schema: {
        tags: ['grants'],
        summary: 'The grants the caller sees, newest first, with their status at the time of the request',
        querystring: listQuerySchema,
        response: {
          200: z.object({ grants: z.array(grantSchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }),
          ...errors,
        },
      },
    },
    async (request) => grants().list(principalOf(request), request.query),
  );

  app.get(
    '/grants/:id',
    {
      onRequest: requireAuthentication,
      schema: { tags: ['grants'], summary: 'One grant the caller sees', params: idParams, response: { 200: grantSchema, ...errors } },
    },
    async (request) => grants().get(principalOf(request), request.params.id),
  );

  app.post(
    '/grants/:id/revoke',
    {
      onRequest: requireAuthentication,
      preHandler: forbidWhileMasquerading,
      schema: {
        tags: ['grants'],
        summary: 'Revokes a grant (its grantor, a superuser, the owner of the grantee\'s tenant); idempotent: a grant no longer ACTIVE is answered as it is',
        params: idParams,
        response: { 200: grantSchema, ...errors },
      },
    },
    async (request) => grants().revoke(principalOf(request), request.params.id, originOf(request)),
  );

  app.post(
    '/grants/revoke',
    {
      onRequest: requireAuthentication,
      preHandler: forbidWhileMasquerading,
      schema: {
        tags: ['grants'],
        summary: 'Revokes several grants at once, all or nothing: one id not found (404) or not revocable (403) revokes none',
        body: bulkRevokeSchema,
        response: { 200: z.object({ grants: z.array(grantSchema) }), ...errors },
      },
    },
    async (request) => ({ grants: await grants().revokeMany(principalOf(request), request.body.ids, originOf(request)) }),
  );
};

/**
 * `GET /api/audit`: the audit trail (masquerade attempts, stops, expiries; grant changes), newest first. Platform
 * roles read every event; a tenant owner reads the events about their own tenant, on their tenant's host.
 */
import type { Database } from '@smoothschedule/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createAuditQueryRepository } from '../audit/audit-query.ts';
import { AUDIT_ACTIONS } from '../audit/audit-trail.ts';
import { principalOf, requireRoles } from '../authentication-guards.ts';
import { PLATFORM_ROLES, Role } from '../roles.ts';
import { SECURITY_EVENTS } from '../security-log.ts';
import { readSecurityLog } from '../security-log-reader.ts';
import { errorResponseSchema } from './error-schema.ts';

const dateTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

const auditQuerySchema = z
  .object({
    action: z.enum(AUDIT_ACTIONS).optional(),
    actor: z.string().trim().min(1).max(254).optional().describe('A user id or an email'),
    target: z.string().trim().min(1).max(254).optional().describe('A user id or an email'),
    from: dateTime.optional().describe('Events at or after this time'),
    to: dateTime.optional().describe('Events before this time'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict()
  .refine((query) => query.from === undefined || query.to === undefined || query.from < query.to, {
    message: 'from must be before to',
    path: ['from'],
  });

const securityQuerySchema = z
  .object({
    event: z.enum(SECURITY_EVENTS).optional(),
    user: z.string().trim().min(1).max(254).optional().describe('An email or a user id'),
    from: dateTime.optional(),
    to: dateTime.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

const auditEventSchema = z.object({
  id: z.string(),
  occurredAt: z.iso.datetime(),
  action: z.enum(AUDIT_ACTIONS),
  actorId: z.uuid().nullable(),
  actorEmail: z.string().nullable(),
  targetId: z.uuid().nullable(),
  targetEmail: z.string().nullable(),
  tenantId: z.uuid().nullable(),
  ipAddress: z.string().nullable(),
  sessionKey: z.string().nullable(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});

export interface AuditRoutesOptions {
  database: Database;
}

export const auditRoutes: FastifyPluginAsyncZod<AuditRoutesOptions> = async (app, { database }) => {
  const events = createAuditQueryRepository(database.shared);

  app.get(
    '/audit',
    {
      onRequest: requireRoles(...PLATFORM_ROLES, Role.TENANT_OWNER),
      schema: {
        tags: ['audit'],
        summary: "Audit events, newest first; a tenant owner sees their tenant's events only",
        querystring: auditQuerySchema,
        response: {
          200: z.object({ events: z.array(auditEventSchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }),
          400: errorResponseSchema,
          401: errorResponseSchema,
          403: errorResponseSchema,
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      // A tenant role always has a tenant; platform staff read across tenants.
      const tenantId = principal.tenantId ?? undefined;
      const { total, rows } = await events.list({ ...request.query, tenantId });
      return {
        events: rows.map((row) => ({
          ...row,
          id: row.id.toString(),
          occurredAt: row.occurredAt.toISOString(),
          action: row.action as (typeof AUDIT_ACTIONS)[number],
          details: (row.details ?? {}) as Record<string, unknown>,
        })),
        total,
        limit: request.query.limit,
        offset: request.query.offset,
      };
    },
  );

  app.get(
    '/audit/security',
    {
      onRequest: requireRoles(...PLATFORM_ROLES, Role.TENANT_OWNER),
      schema: {
        tags: ['audit'],
        summary: "Security-log events (logins, logouts, refresh reuse, refused tokens, denials, grant changes), newest first; a tenant owner sees their tenant's",
        querystring: securityQuerySchema,
        response: {
          200: z.object({ events: z.array(z.looseObject({ time: z.string(), event: z.string() })) }),
          400: errorResponseSchema,
          401: errorResponseSchema,
          403: errorResponseSchema,
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const tenant = principal.tenantId === null ? undefined : request.tenant?.schemaName;
      if (principal.tenantId !== null && tenant === undefined) return { events: [] };
      await app.authentication.securityLog.flush();
      const events = await readSecurityLog(app.authentication.securityLog.file, { ...request.query, tenant });
      return { events };
    },
  );
};

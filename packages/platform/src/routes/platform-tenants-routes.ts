/**
 * /api/platform/tenants (SPEC §2): create (provisions), list, read, change tier and status, delete. Platform hosts
 * only (404 PLATFORM_HOST_REQUIRED elsewhere, before anything else); every route needs an access token, checked
 * before the body is read; what the principal may do to which tenant is the service's answer.
 * DELETE is refused while masquerading (SPEC §5: 403 BLOCKED_WHILE_MASQUERADING).
 * Register under the prefix `/api/platform`, after the authentication plugin.
 */
import { forbidWhileMasquerading, principalOf, recordPermissionDenied, requireAuthentication } from '@smoothschedule/auth';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createPlatformTenantSchema,
  listPlatformTenantsQuerySchema,
  platformTenantPageSchema,
  platformTenantSchema,
  updatePlatformTenantSchema,
} from '../platform-tenant-input.ts';
import { TenantManagementDeniedError } from '../platform-tenant-errors.ts';
import type { PlatformTenantService } from '../platform-tenant-service.ts';

// The same shape as apps/api's ErrorResponse (one error handler writes them all).
const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema } as const;
const idParams = z.object({ id: z.uuid().describe('The tenant id') });

export interface PlatformTenantsRoutesOptions {
  service: PlatformTenantService;
}

export const platformTenantsRoutes: FastifyPluginAsyncZod<PlatformTenantsRoutesOptions> = async (app, { service }) => {
  app.addHook('onError', async (request, _reply, error) => {
    if (error instanceof TenantManagementDeniedError) recordPermissionDenied(request, error.message);
  });
  const common = { config: { tenancy: 'platform' as const }, onRequest: requireAuthentication };

  app.post(
    '/tenants',
    {
      ...common,
      schema: {
        tags: ['platform'],
        summary: 'Provisions a tenant: its schema, primary domain and (optionally) its owner',
        body: createPlatformTenantSchema,
        response: { 201: platformTenantSchema.extend({ ownerId: z.uuid().nullable() }), ...errors, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const { tenant, ownerId } = await service.create(principalOf(request), request.body);
      return reply.code(201).send({ ...tenant, ownerId });
    },
  );

  app.get(
    '/tenants',
    {
      ...common,
      schema: {
        tags: ['platform'],
        summary: 'The tenants the caller manages, oldest first, one page at a time',
        querystring: listPlatformTenantsQuerySchema,
        response: { 200: platformTenantPageSchema, ...errors },
      },
    },
    async (request) => service.list(principalOf(request), request.query),
  );

  app.get(
    '/tenants/:id',
    {
      ...common,
      schema: { tags: ['platform'], summary: 'One tenant', params: idParams, response: { 200: platformTenantSchema, ...errors } },
    },
    async (request) => service.get(principalOf(request), request.params.id),
  );

  app.patch(
    '/tenants/:id',
    {
      ...common,
      schema: {
        tags: ['platform'],
        summary: "Changes a tenant's subscription tier or status",
        params: idParams,
        body: updatePlatformTenantSchema,
        response: { 200: platformTenantSchema, ...errors },
      },
    },
    async (request) => service.update(principalOf(request), request.params.id, request.body),
  );

  app.delete(
    '/tenants/:id',
    {
      ...common,
      preHandler: forbidWhileMasquerading,
      schema: {
        tags: ['platform'],
        summary: 'Deletes a tenant with its schema, domains, users and stored media (superusers only)',
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await service.delete(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};

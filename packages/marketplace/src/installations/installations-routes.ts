/**
 * A tenant's plugins (SPEC §8): install, configure, uninstall (the tenant's owner and managers) and the installed
 * list (whoever reads the schedule). Tenant hosts only: a platform host answers 404 TENANT_CONTEXT_REQUIRED, like
 * every other tenant route. Secret config keys are never sent back (`secretsSet` names those with a value).
 */
import { principalOf } from '@smoothschedule/auth';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { configureBody, errors, installBody, installationSchema, slugParams, toInstallationDto } from '../http/marketplace-schemas.ts';
import { requireCapability } from '../marketplace-access.ts';
import type { InstallationsService, TenantCaller } from './installations-service.ts';

export const TENANT_ROUTE = { tenancy: 'required' as const };

export function callerOf(request: FastifyRequest): TenantCaller {
  const { tenant } = request.server.tenancy.requireTenant(request);
  return { tenantId: tenant.id, userId: principalOf(request).userId };
}

export const installationsRoutes: FastifyPluginAsyncZod<{ service: InstallationsService }> = async (app, { service }) => {
  const manage = requireCapability('plugins.manage');
  const tags = ['marketplace'];

  app.get('/plugins/installed', {
    config: TENANT_ROUTE,
    onRequest: requireCapability('plugins.read'),
    schema: {
      tags, summary: 'The plugins this business has installed, with their config (secrets left out)',
      response: { 200: z.object({ installations: z.array(installationSchema) }), ...errors },
    },
  }, async (request) => ({ installations: (await service.list(callerOf(request).tenantId)).map(toInstallationDto) }));

  app.post('/marketplace/plugins/:slug/install', {
    config: TENANT_ROUTE,
    onRequest: manage,
    schema: {
      tags, summary: 'Installs a plugin (201; 200 with the same installation if already installed; counts against the tier)',
      params: slugParams, body: installBody, response: { 200: installationSchema, 201: installationSchema, ...errors },
    },
  }, async (request, reply) => {
    const result = await service.install(callerOf(request), request.params.slug, request.body.config);
    return reply.code(result.created ? 201 : 200).send(toInstallationDto(result));
  });

  app.patch('/marketplace/plugins/:slug/install', {
    config: TENANT_ROUTE,
    onRequest: manage,
    schema: {
      tags, summary: 'Changes an installed plugin\'s config (the given keys over the stored ones, validated as a whole)',
      params: slugParams, body: configureBody, response: { 200: installationSchema, ...errors },
    },
  }, async (request) => toInstallationDto(await service.configure(callerOf(request), request.params.slug, request.body.config)));

  app.delete('/marketplace/plugins/:slug/install', {
    config: TENANT_ROUTE,
    onRequest: manage,
    schema: { tags, summary: 'Uninstalls a plugin', params: slugParams, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await service.uninstall(callerOf(request), request.params.slug);
    return reply.code(204).send(null);
  });
};

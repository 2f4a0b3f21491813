/**
 * GET /marketplace/plugins and /marketplace/plugins/:slug (SPEC §8): the catalog with live install and rating
 * figures. Any signed-in user reads it, on a tenant host (with `installed` for that tenant) or on a platform host
 * (the admin's marketplace page). Anonymous callers get 401: the catalog is part of the product, not its website.
 */
import { requireAuthentication } from '@smoothschedule/auth';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { catalogQuery, errors, pluginSchema, slugParams, toPluginDto } from '../http/marketplace-schemas.ts';
import { PluginNotFoundError } from '../marketplace-errors.ts';
import type { CatalogRepository } from './catalog-repository.ts';

export const catalogRoutes: FastifyPluginAsyncZod<{ catalog: CatalogRepository }> = async (app, { catalog }) => {
  const tags = ['marketplace'];

  app.get('/marketplace/plugins', {
    onRequest: requireAuthentication,
    schema: {
      tags, summary: 'The plugin catalog, by name, with live install and rating figures', querystring: catalogQuery,
      response: { 200: z.object({ plugins: z.array(pluginSchema) }), ...errors },
    },
  }, async (request) => {
    const entries = await catalog.list({ ...request.query, tenantId: request.tenant?.id });
    return { plugins: entries.map(toPluginDto) };
  });

  app.get('/marketplace/plugins/:slug', {
    onRequest: requireAuthentication,
    schema: { tags, summary: 'One catalog plugin', params: slugParams, response: { 200: pluginSchema, ...errors } },
  }, async (request) => {
    const [entry] = await catalog.list({ slug: request.params.slug, tenantId: request.tenant?.id });
    if (!entry) throw new PluginNotFoundError();
    return toPluginDto(entry);
  });
};

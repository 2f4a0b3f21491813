/** POST /marketplace/plugins/:slug/ratings (SPEC §8): 1–5 stars and a review, one per tenant (a second replaces it). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors, ratingBody, ratingSchema, slugParams } from '../http/marketplace-schemas.ts';
import { callerOf, TENANT_ROUTE } from '../installations/installations-routes.ts';
import { requireCapability } from '../marketplace-access.ts';
import type { RatingsService } from './ratings-service.ts';

export const ratingsRoutes: FastifyPluginAsyncZod<{ service: RatingsService }> = async (app, { service }) => {
  app.post('/marketplace/plugins/:slug/ratings', {
    config: TENANT_ROUTE,
    onRequest: requireCapability('plugins.manage'),
    schema: {
      tags: ['marketplace'],
      summary: 'Rates an installed plugin (201; 200 when it replaces this business\'s earlier rating)',
      params: slugParams, body: ratingBody, response: { 200: ratingSchema, 201: ratingSchema, ...errors },
    },
  }, async (request, reply) => {
    const { created, ...rating } = await service.rate(callerOf(request), request.params.slug, request.body);
    return reply.code(created ? 201 : 200).send({
      ...rating,
      createdAt: new Date(rating.createdAt).toISOString(),
      updatedAt: new Date(rating.updatedAt).toISOString(),
    });
  });
};

/**
 * A tenant-bound read endpoint, enough for the throughput benchmark until the scheduling package owns
 * /api/resources. Tenant hosts only: on a platform host it answers 404 TENANT_CONTEXT_REQUIRED.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../error-response.ts';

const resourceSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    type: z.enum(['STAFF', 'ROOM', 'EQUIPMENT']),
    userId: z.string().uuid().nullable(),
    isActive: z.boolean(),
    createdAt: z.string().datetime({ offset: true }),
  })
  .meta({ id: 'Resource' });

const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50).describe('Most resources returned (1–100)'),
});

export const resourcesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/resources',
    {
      config: { tenancy: 'required' },
      schema: {
        tags: ['resources'],
        summary: "The tenant's resources, oldest first",
        querystring: listQuerySchema,
        response: {
          200: z.object({ resources: z.array(resourceSchema) }),
          400: errorResponseSchema,
          403: errorResponseSchema,
          404: errorResponseSchema,
        },
      },
    },
    async (request) => {
      const { db } = app.tenancy.requireTenant(request);
      const rows = await db.resource.findMany({ orderBy: { createdAt: 'asc' }, take: request.query.limit });
      return {
        resources: rows.map((row) => ({
          id: row.id,
          name: row.name,
          type: row.type,
          userId: row.userId,
          isActive: row.isActive,
          createdAt: row.createdAt.toISOString(),
        })),
      };
    },
  );
};

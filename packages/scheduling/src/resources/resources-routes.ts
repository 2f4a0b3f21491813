/** /api/resources (SPEC §7): list, get, create, update, delete. Reads are open on the tenant's host (active only). */
import type { Resource } from '@smoothschedule/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { booleanQuery, errors, idParams, instantOutput, label } from '../http/http-schemas.ts';
import { pageQueryShape } from '../http/pagination.ts';
import { iso, nonEmptyPatch, TENANT_ROUTE } from '../http/route-kit.ts';
import { requireAnyCapability } from '../scheduling-access.ts';
import { contextOf } from '../scheduling-context.ts';
import type { ResourcesService } from './resources-service.ts';

const RESOURCE_TYPES = ['STAFF', 'ROOM', 'EQUIPMENT'] as const;

export const resourceSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: z.enum(RESOURCE_TYPES),
    userId: z.uuid().nullable().describe('The staff user this resource is (for STAFF resources)'),
    isActive: z.boolean(),
    createdAt: instantOutput,
    updatedAt: instantOutput,
  })
  .meta({ id: 'Resource' });

const writeShape = {
  name: label(200),
  type: z.enum(RESOURCE_TYPES),
  userId: z.uuid().nullable().optional(),
  isActive: z.boolean().optional(),
};
const createBody = z.strictObject(writeShape);
const updateBody = nonEmptyPatch(z.strictObject({ ...writeShape, name: writeShape.name.optional(), type: writeShape.type.optional() }));

const listQuery = z.strictObject({
  ...pageQueryShape,
  type: z.enum(RESOURCE_TYPES).optional(),
  isActive: booleanQuery.optional().describe('Ignored (always true) for callers who do not read the schedule'),
  userId: z.uuid().optional(),
});

export const toResourceDto = (row: Resource): z.infer<typeof resourceSchema> => ({
  id: row.id,
  name: row.name,
  type: row.type,
  userId: row.userId,
  isActive: row.isActive,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

export interface ResourcesRoutesOptions {
  service: ResourcesService;
  clock: () => Date;
}

export const resourcesRoutes: FastifyPluginAsyncZod<ResourcesRoutesOptions> = async (app, { service, clock }) => {
  const manage = requireAnyCapability('resources.manage');
  const tags = ['resources'];

  app.get('/resources', {
    config: TENANT_ROUTE,
    schema: {
      tags, summary: 'Resources, oldest first (active only unless the caller reads the schedule)', querystring: listQuery,
      response: { 200: z.object({ resources: z.array(resourceSchema), nextCursor: z.string().nullable() }), ...errors },
    },
  }, async (request) => {
    const page = await service.list(contextOf(request, clock), request.query);
    return { resources: page.items.map(toResourceDto), nextCursor: page.nextCursor };
  });

  app.get('/resources/:id', {
    config: TENANT_ROUTE,
    schema: { tags, summary: 'One resource', params: idParams, response: { 200: resourceSchema, ...errors } },
  }, async (request) => toResourceDto(await service.get(contextOf(request, clock), request.params.id)));

  app.post('/resources', {
    config: TENANT_ROUTE,
    onRequest: manage,
    schema: {
      tags, summary: 'Creates a resource (counts against the subscription tier\'s resource limit)', body: createBody,
      response: { 201: resourceSchema, ...errors },
    },
  }, async (request, reply) => reply.code(201).send(toResourceDto(await service.create(contextOf(request, clock), request.body))));

  app.patch('/resources/:id', {
    config: TENANT_ROUTE,
    onRequest: manage,
    schema: { tags, summary: 'Changes a resource', params: idParams, body: updateBody, response: { 200: resourceSchema, ...errors } },
  }, async (request) => toResourceDto(await service.update(contextOf(request, clock), request.params.id, request.body)));

  app.delete('/resources/:id', {
    config: TENANT_ROUTE,
    onRequest: manage,
    schema: {
      tags, summary: 'Deletes a resource without appointments (409 IN_USE otherwise: deactivate it)', params: idParams,
      response: { 204: z.null(), ...errors },
    },
  }, async (request, reply) => {
    await service.delete(contextOf(request, clock), request.params.id);
    return reply.code(204).send(null);
  });
};

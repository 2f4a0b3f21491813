/** /api/services (SPEC §7): list, get, create, update, delete. Reads are open on the tenant's host (active only). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { booleanQuery, errors, idParams, instantOutput, label, text } from '../http/http-schemas.ts';
import { pageQueryShape } from '../http/pagination.ts';
import { iso, nonEmptyPatch, TENANT_ROUTE } from '../http/route-kit.ts';
import { requireAnyCapability } from '../scheduling-access.ts';
import { contextOf } from '../scheduling-context.ts';
import type { ServiceRecord } from './services-repository.ts';
import type { ServicesService } from './services-service.ts';

export const serviceSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    durationMinutes: z.number().int(),
    priceCents: z.number().int(),
    bufferMinutes: z.number().int().describe('Minutes the resource stays busy after each appointment'),
    isActive: z.boolean(),
    resourceIds: z.array(z.uuid()).describe('The resources that can deliver this service'),
    createdAt: instantOutput,
    updatedAt: instantOutput,
  })
  .meta({ id: 'Service' });

const writeShape = {
  name: label(200),
  description: text(5000).optional(),
  durationMinutes: z.number().int('must be a whole number of minutes').min(5, 'must be at least 5 minutes')
    .max(720, 'must be at most 720 minutes (12 hours)'),
  priceCents: z.number().int('must be a whole number of cents').min(0, 'must not be negative').max(100_000_000, 'is too large').optional(),
  bufferMinutes: z.number().int('must be a whole number of minutes').min(0, 'must not be negative').max(240, 'must be at most 240 minutes').optional(),
  isActive: z.boolean().optional(),
  resourceIds: z.array(z.uuid()).max(500).refine((ids) => new Set(ids).size === ids.length, 'must not repeat a resource').optional(),
};
const createBody = z.strictObject(writeShape);
const updateBody = nonEmptyPatch(z.strictObject({ ...writeShape, name: writeShape.name.optional(), durationMinutes: writeShape.durationMinutes.optional() }));
const listQuery = z.strictObject({
  ...pageQueryShape,
  isActive: booleanQuery.optional().describe('Ignored (always true) for callers who do not read the schedule'),
  resourceId: z.uuid().optional().describe('Only services this resource delivers'),
});

export const toServiceDto = (row: ServiceRecord): z.infer<typeof serviceSchema> => ({
  id: row.id,
  name: row.name,
  description: row.description,
  durationMinutes: row.durationMinutes,
  priceCents: row.priceCents,
  bufferMinutes: row.bufferMinutes,
  isActive: row.isActive,
  resourceIds: row.resources.map((link) => link.resourceId),
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

export interface ServicesRoutesOptions {
  service: ServicesService;
  clock: () => Date;
}

export const servicesRoutes: FastifyPluginAsyncZod<ServicesRoutesOptions> = async (app, { service, clock }) => {
  const manage = requireAnyCapability('services.manage');
  const tags = ['services'];

  app.get('/services', {
    config: TENANT_ROUTE,
    schema: {
      tags, summary: 'Services, oldest first (active only unless the caller reads the schedule)', querystring: listQuery,
      response: { 200: z.object({ services: z.array(serviceSchema), nextCursor: z.string().nullable() }), ...errors },
    },
  }, async (request) => {
    const page = await service.list(contextOf(request, clock), request.query);
    return { services: page.items.map(toServiceDto), nextCursor: page.nextCursor };
  });

  app.get('/services/:id', {
    config: TENANT_ROUTE,
    schema: { tags, summary: 'One service', params: idParams, response: { 200: serviceSchema, ...errors } },
  }, async (request) => toServiceDto(await service.get(contextOf(request, clock), request.params.id)));

  app.post('/services', {
    config: TENANT_ROUTE,
    onRequest: manage,
    schema: { tags, summary: 'Creates a service', body: createBody, response: { 201: serviceSchema, ...errors } },
  }, async (request, reply) => reply.code(201).send(toServiceDto(await service.create(contextOf(request, clock), request.body))));

  app.patch('/services/:id', {
    config: TENANT_ROUTE,
    onRequest: manage,
    schema: {
      tags, summary: 'Changes a service (resourceIds, when given, replaces the set)', params: idParams, body: updateBody,
      response: { 200: serviceSchema, ...errors },
    },
  }, async (request) => toServiceDto(await service.update(contextOf(request, clock), request.params.id, request.body)));

  app.delete('/services/:id', {
    config: TENANT_ROUTE,
    onRequest: manage,
    schema: {
      tags, summary: 'Deletes a service without appointments (409 IN_USE otherwise: deactivate it)', params: idParams,
      response: { 204: z.null(), ...errors },
    },
  }, async (request, reply) => {
    await service.delete(contextOf(request, clock), request.params.id);
    return reply.code(204).send(null);
  });
};

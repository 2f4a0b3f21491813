/** /api/blockers (SPEC §7): list, get, create, update, delete; staff change only their own resource's. */
import type { Blocker } from '@smoothschedule/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors, idParams, instantInput, instantOutput, label } from '../http/http-schemas.ts';
import { pageQueryShape } from '../http/pagination.ts';
import { iso, nonEmptyPatch, TENANT_ROUTE } from '../http/route-kit.ts';
import { requireAnyCapability } from '../scheduling-access.ts';
import { contextOf } from '../scheduling-context.ts';
import type { BlockersService } from './blockers-service.ts';

export const blockerSchema = z
  .object({
    id: z.uuid(),
    resourceId: z.uuid(),
    startsAt: instantOutput,
    endsAt: instantOutput,
    title: z.string(),
    createdAt: instantOutput,
    updatedAt: instantOutput,
  })
  .meta({ id: 'Blocker' });

const createBody = z.strictObject({ resourceId: z.uuid(), startsAt: instantInput, endsAt: instantInput, title: label(200) });
const updateBody = nonEmptyPatch(z.strictObject({
  resourceId: z.uuid().optional(),
  startsAt: instantInput.optional(),
  endsAt: instantInput.optional(),
  title: label(200).optional(),
}));
const listQuery = z.strictObject({
  ...pageQueryShape,
  resourceId: z.uuid().optional(),
  from: instantInput.optional().describe('Only blockers ending after this instant'),
  to: instantInput.optional().describe('Only blockers starting before this instant'),
});

const toDto = (row: Blocker): z.infer<typeof blockerSchema> => ({
  id: row.id,
  resourceId: row.resourceId,
  startsAt: iso(row.startsAt),
  endsAt: iso(row.endsAt),
  title: row.title,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

export interface BlockersRoutesOptions {
  service: BlockersService;
  clock: () => Date;
}

export const blockersRoutes: FastifyPluginAsyncZod<BlockersRoutesOptions> = async (app, { service, clock }) => {
  const read = requireAnyCapability('schedule.read');
  const write = requireAnyCapability('resources.manage', 'blockers.manage-own');
  const tags = ['blockers'];

  app.get('/blockers', {
    config: TENANT_ROUTE,
    onRequest: read,
    schema: {
      tags, summary: 'Blockers (time off), earliest first', querystring: listQuery,
      response: { 200: z.object({ blockers: z.array(blockerSchema), nextCursor: z.string().nullable() }), ...errors },
    },
  }, async (request) => {
    const page = await service.list(contextOf(request, clock), request.query);
    return { blockers: page.items.map(toDto), nextCursor: page.nextCursor };
  });

  app.get('/blockers/:id', {
    config: TENANT_ROUTE,
    onRequest: read,
    schema: { tags, summary: 'One blocker', params: idParams, response: { 200: blockerSchema, ...errors } },
  }, async (request) => toDto(await service.get(contextOf(request, clock), request.params.id)));

  app.post('/blockers', {
    config: TENANT_ROUTE,
    onRequest: write,
    schema: { tags, summary: 'Blocks a resource for a time (staff: their own resource only)', body: createBody, response: { 201: blockerSchema, ...errors } },
  }, async (request, reply) => reply.code(201).send(toDto(await service.create(contextOf(request, clock), request.body))));

  app.patch('/blockers/:id', {
    config: TENANT_ROUTE,
    onRequest: write,
    schema: { tags, summary: 'Changes a blocker', params: idParams, body: updateBody, response: { 200: blockerSchema, ...errors } },
  }, async (request) => toDto(await service.update(contextOf(request, clock), request.params.id, request.body)));

  app.delete('/blockers/:id', {
    config: TENANT_ROUTE,
    onRequest: write,
    schema: { tags, summary: 'Removes a blocker', params: idParams, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await service.delete(contextOf(request, clock), request.params.id);
    return reply.code(204).send(null);
  });
};

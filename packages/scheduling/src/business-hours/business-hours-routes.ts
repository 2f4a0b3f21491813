/** /api/business-hours (SPEC §7): list, get, create, update, delete. Reads are open on the tenant's host. */
import type { BusinessHours } from '@smoothschedule/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clockTime, closingClockTime, errors, idParams, instantOutput } from '../http/http-schemas.ts';
import { pageQueryShape } from '../http/pagination.ts';
import { iso, nonEmptyPatch, TENANT_ROUTE } from '../http/route-kit.ts';
import { requireAnyCapability } from '../scheduling-access.ts';
import { contextOf } from '../scheduling-context.ts';
import type { BusinessHoursService } from './business-hours-service.ts';

export const businessHoursSchema = z
  .object({
    id: z.uuid(),
    dayOfWeek: z.number().int().describe('0 = Monday … 6 = Sunday'),
    opensAt: z.string().describe('HH:MM, local time in the tenant\'s timezone'),
    closesAt: z.string().describe('HH:MM (24:00 = midnight), local time in the tenant\'s timezone'),
    createdAt: instantOutput,
    updatedAt: instantOutput,
  })
  .meta({ id: 'BusinessHours' });

const dayOfWeek = z.number().int('must be a whole number').min(0, 'must be 0 (Monday) to 6 (Sunday)').max(6, 'must be 0 (Monday) to 6 (Sunday)');
const createBody = z.strictObject({ dayOfWeek, opensAt: clockTime, closesAt: closingClockTime });
const updateBody = nonEmptyPatch(z.strictObject({ dayOfWeek: dayOfWeek.optional(), opensAt: clockTime.optional(), closesAt: closingClockTime.optional() }));
const listQuery = z.strictObject({
  ...pageQueryShape,
  dayOfWeek: z.coerce.number().int().min(0).max(6).optional(),
});

const toDto = (row: BusinessHours): z.infer<typeof businessHoursSchema> => ({
  id: row.id,
  dayOfWeek: row.dayOfWeek,
  opensAt: row.opensAt,
  closesAt: row.closesAt,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

export interface BusinessHoursRoutesOptions {
  service: BusinessHoursService;
  clock: () => Date;
}

export const businessHoursRoutes: FastifyPluginAsyncZod<BusinessHoursRoutesOptions> = async (app, { service, clock }) => {
  const manage = requireAnyCapability('resources.manage');
  const tags = ['business-hours'];

  app.get('/business-hours', {
    config: TENANT_ROUTE,
    schema: {
      tags, summary: 'Opening shifts by day of the week, then opening time', querystring: listQuery,
      response: { 200: z.object({ businessHours: z.array(businessHoursSchema), nextCursor: z.string().nullable() }), ...errors },
    },
  }, async (request) => {
    const page = await service.list(contextOf(request, clock), request.query);
    return { businessHours: page.items.map(toDto), nextCursor: page.nextCursor };
  });

  app.get('/business-hours/:id', {
    config: TENANT_ROUTE,
    schema: { tags, summary: 'One opening shift', params: idParams, response: { 200: businessHoursSchema, ...errors } },
  }, async (request) => toDto(await service.get(contextOf(request, clock), request.params.id)));

  app.post('/business-hours', {
    config: TENANT_ROUTE,
    onRequest: manage,
    schema: { tags, summary: 'Adds an opening shift (shifts of a day may not overlap)', body: createBody, response: { 201: businessHoursSchema, ...errors } },
  }, async (request, reply) => reply.code(201).send(toDto(await service.create(contextOf(request, clock), request.body))));

  app.patch('/business-hours/:id', {
    config: TENANT_ROUTE,
    onRequest: manage,
    schema: { tags, summary: 'Changes an opening shift', params: idParams, body: updateBody, response: { 200: businessHoursSchema, ...errors } },
  }, async (request) => toDto(await service.update(contextOf(request, clock), request.params.id, request.body)));

  app.delete('/business-hours/:id', {
    config: TENANT_ROUTE,
    onRequest: manage,
    schema: { tags, summary: 'Removes an opening shift', params: idParams, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await service.delete(contextOf(request, clock), request.params.id);
    return reply.code(204).send(null);
  });
};

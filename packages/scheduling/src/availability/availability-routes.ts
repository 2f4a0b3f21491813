/** GET /api/availability (SPEC §7): open on the tenant's host, like the services it describes. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../http/http-schemas.ts';
import { TENANT_ROUTE } from '../http/route-kit.ts';
import { contextOf } from '../scheduling-context.ts';
import { formatInZone, isCalendarDate } from '../tenant-time.ts';
import type { AvailabilityService } from './availability-service.ts';

const query = z.strictObject({
  serviceId: z.uuid(),
  date: z.string().refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD').describe('A day in the tenant\'s timezone'),
  resourceId: z.uuid().optional().describe('Only this resource'),
});

const availabilitySchema = z
  .object({
    date: z.string(),
    timeZone: z.string(),
    serviceId: z.uuid(),
    durationMinutes: z.number().int(),
    bufferMinutes: z.number().int().describe('The service\'s buffer plus any extra (e.g. from a plugin)'),
    slots: z.array(z.object({
      startsAt: z.string().describe('ISO 8601 in the tenant\'s local offset'),
      endsAt: z.string(),
      resourceIds: z.array(z.uuid()).describe('The resources free at this start'),
    })),
  })
  .meta({ id: 'Availability' });

export interface AvailabilityRoutesOptions {
  service: AvailabilityService;
  clock: () => Date;
}

export const availabilityRoutes: FastifyPluginAsyncZod<AvailabilityRoutesOptions> = async (app, { service, clock }) => {
  app.get('/availability', {
    config: TENANT_ROUTE,
    schema: {
      tags: ['availability'],
      summary: 'Free start times of a service on one day in the tenant\'s timezone (business hours, blockers, appointments, buffers)',
      querystring: query,
      response: { 200: availabilitySchema, ...errors },
    },
  }, async (request) => {
    const ctx = contextOf(request, clock);
    const result = await service.forDay(ctx, request.query);
    const zone = ctx.tenant.timezone;
    return {
      date: request.query.date,
      timeZone: zone,
      serviceId: request.query.serviceId,
      durationMinutes: result.durationMinutes,
      bufferMinutes: result.bufferMinutes,
      slots: result.slots.map((slot) => ({
        startsAt: formatInZone(new Date(slot.start), zone),
        endsAt: formatInZone(new Date(slot.end), zone),
        resourceIds: slot.resourceIds,
      })),
    };
  });
};

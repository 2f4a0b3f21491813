/**
 * /api/scheduling-settings: the cancellation window customers must respect (minutes before the start, 24 h by
 * default) and the tenant's timezone (business hours and availability are read in it). Everyone on the host
 * reads them (a booking page shows the policy); those holding tenant.settings change them.
 */
import { createTenantInputSchema, type SharedClient } from '@smoothschedule/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../http/http-schemas.ts';
import { nonEmptyPatch, TENANT_ROUTE } from '../http/route-kit.ts';
import { requireAnyCapability } from '../scheduling-access.ts';
import { contextOf } from '../scheduling-context.ts';
import { createSettingsRepository, createTenantTimezoneRepository } from './settings-repository.ts';

const settingsSchema = z
  .object({
    cancellationWindowMinutes: z.number().int().describe('Customers may cancel until this many minutes before the start'),
    timezone: z.string().describe('IANA timezone of business hours and availability'),
  })
  .meta({ id: 'SchedulingSettings' });

const updateBody = nonEmptyPatch(z.strictObject({
  cancellationWindowMinutes: z.number().int('must be a whole number of minutes').min(0, 'must not be negative')
    .max(43_200, 'must be at most 43200 minutes (30 days)').optional(),
  timezone: createTenantInputSchema.shape.timezone.unwrap().optional(),
}));

export interface SettingsRoutesOptions {
  shared: SharedClient;
  clock: () => Date;
}

export const settingsRoutes: FastifyPluginAsyncZod<SettingsRoutesOptions> = async (app, { shared, clock }) => {
  const tags = ['scheduling-settings'];
  const timezones = createTenantTimezoneRepository(shared);

  app.get('/scheduling-settings', {
    config: TENANT_ROUTE,
    schema: { tags, summary: 'The tenant\'s booking policy and timezone', response: { 200: settingsSchema, ...errors } },
  }, async (request) => {
    const ctx = contextOf(request, clock);
    return { cancellationWindowMinutes: await createSettingsRepository(ctx.db).cancellationWindowMinutes(), timezone: ctx.tenant.timezone };
  });

  app.patch('/scheduling-settings', {
    config: TENANT_ROUTE,
    onRequest: requireAnyCapability('tenant.settings'),
    schema: { tags, summary: 'Changes the booking policy or timezone', body: updateBody, response: { 200: settingsSchema, ...errors } },
  }, async (request) => {
    const ctx = contextOf(request, clock);
    const settings = createSettingsRepository(ctx.db);
    if (request.body.cancellationWindowMinutes !== undefined) await settings.setCancellationWindowMinutes(request.body.cancellationWindowMinutes);
    if (request.body.timezone !== undefined) {
      await timezones.set(ctx.tenant.id, request.body.timezone);
      app.tenancy.invalidate();
    }
    return {
      cancellationWindowMinutes: await settings.cancellationWindowMinutes(),
      timezone: request.body.timezone ?? ctx.tenant.timezone,
    };
  });
};

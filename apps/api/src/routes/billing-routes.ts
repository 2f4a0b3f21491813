/**
 * /api/billing on a tenant host: the billing view (view_billing) and the billing contact (manage_billing). Both
 * actions are held by role or through an ACTIVE permission grant (requireAction checks on every request).
 */
import { principalOf, requireAction, requireAuthentication } from '@smoothschedule/auth';
import type { Database } from '@smoothschedule/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { billingView, updateBillingContact } from '../billing/billing-service.ts';
import { errorResponseSchema } from '../error-response.ts';

const limit = z.number().int().nullable().describe('null: unlimited');

const billingSchema = z
  .object({
    tenantId: z.uuid(),
    tenantName: z.string(),
    tier: z.enum(['FREE', 'PROFESSIONAL', 'BUSINESS', 'ENTERPRISE']),
    status: z.enum(['ACTIVE', 'TRIAL', 'SUSPENDED']),
    limits: z.object({ resources: limit, staffUsers: limit, plugins: limit, customDomains: z.boolean() }),
    usage: z.object({ resources: z.number().int(), staffUsers: z.number().int(), customDomains: z.number().int() }),
    contact: z
      .object({ name: z.string().nullable(), email: z.string().nullable(), updatedAt: z.iso.datetime(), updatedById: z.uuid().nullable() })
      .nullable(),
  })
  .meta({ id: 'Billing' });

const contactChangeSchema = z
  .object({
    contactName: z.string().trim().min(1).max(200).nullable(),
    contactEmail: z.string().trim().toLowerCase().pipe(z.email().max(254)).nullable(),
  })
  .partial()
  .strict()
  .refine((change) => Object.keys(change).length > 0, { message: 'name at least one field to change' });

const errors = { 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema } as const;

export interface BillingRoutesOptions {
  database: Database;
}

export const billingRoutes: FastifyPluginAsyncZod<BillingRoutesOptions> = async (app, { database }) => {
  app.get(
    '/billing',
    {
      config: { tenancy: 'required' },
      onRequest: requireAuthentication,
      preHandler: requireAction('view_billing'),
      schema: {
        tags: ['billing'],
        summary: "The tenant's tier, status, tier limits, current usage and billing contact (view_billing)",
        response: { 200: billingSchema, ...errors },
      },
    },
    async (request) => {
      const { tenant, db } = app.tenancy.requireTenant(request);
      return billingView(database.shared, db, tenant);
    },
  );

  app.patch(
    '/billing',
    {
      config: { tenancy: 'required' },
      onRequest: requireAuthentication,
      preHandler: requireAction('manage_billing'),
      schema: {
        tags: ['billing'],
        summary: "Changes the tenant's billing contact (manage_billing)",
        body: contactChangeSchema,
        response: { 200: billingSchema, ...errors },
      },
    },
    async (request) => {
      const { tenant, db } = app.tenancy.requireTenant(request);
      return updateBillingContact(database.shared, db, tenant, request.body, principalOf(request).userId);
    },
  );
};

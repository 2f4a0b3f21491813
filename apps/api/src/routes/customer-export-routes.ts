/**
 * `GET /api/customers/export` on a tenant host: every customer of the tenant, as JSON or CSV
 * (export_customer_data, held by role or through an ACTIVE permission grant). Only this path: the customers
 * CRUD belongs to the scheduling package.
 */
import { requireAction, requireAuthentication } from '@smoothschedule/auth';
import type { TenantClient } from '@smoothschedule/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { customersToCsv } from '../customers/customer-csv.ts';
import { errorResponseSchema } from '../error-response.ts';

const exportedCustomerSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    status: z.enum(['ACTIVE', 'INACTIVE', 'BLOCKED']),
    tags: z.array(z.string()),
    notes: z.string(),
    userId: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'ExportedCustomer' });

const exportQuerySchema = z.object({ format: z.enum(['json', 'csv']).default('json') }).strict();

/** The repository of the export: the tenant-bound client comes in from the request. */
async function allCustomers(db: TenantClient) {
  const rows = await db.customer.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    status: row.status,
    tags: row.tags,
    notes: row.notes,
    userId: row.userId,
    createdAt: row.createdAt.toISOString(),
  }));
}

export const customerExportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/customers/export',
    {
      config: { tenancy: 'required' },
      onRequest: requireAuthentication,
      preHandler: requireAction('export_customer_data'),
      schema: {
        tags: ['customers'],
        summary: "Every customer of the tenant, oldest first, as JSON or (format=csv) text/csv (export_customer_data)",
        querystring: exportQuerySchema,
        response: {
          200: {
            description: 'The customers',
            content: {
              'application/json': { schema: z.object({ customers: z.array(exportedCustomerSchema) }) },
              'text/csv': { schema: z.string() },
            },
          },
          400: errorResponseSchema,
          401: errorResponseSchema,
          403: errorResponseSchema,
          404: errorResponseSchema,
        },
      },
    },
    async (request, reply) => {
      const { db, tenant } = app.tenancy.requireTenant(request);
      const customers = await allCustomers(db);
      if (request.query.format === 'json') return reply.type('application/json').send({ customers });
      const csv = customersToCsv(customers.map((customer) => ({ ...customer, tags: customer.tags.join(';') })));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${tenant.schemaName}-customers.csv"`)
        .send(csv);
    },
  );
};

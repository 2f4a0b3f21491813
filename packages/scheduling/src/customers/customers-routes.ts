/** /api/customers (SPEC §7): list, get, create, update, delete; a CUSTOMER reaches only their own record. */
import type { Customer } from '@smoothschedule/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors, idParams, instantOutput, label, text } from '../http/http-schemas.ts';
import { pageQueryShape } from '../http/pagination.ts';
import { iso, nonEmptyPatch, TENANT_ROUTE } from '../http/route-kit.ts';
import { requireAnyCapability } from '../scheduling-access.ts';
import { contextOf } from '../scheduling-context.ts';
import type { CustomersService } from './customers-service.ts';

const STATUSES = ['ACTIVE', 'INACTIVE', 'BLOCKED'] as const;

export const customerSchema = z
  .object({
    id: z.uuid(),
    userId: z.uuid().nullable().describe('The CUSTOMER login linked to this record'),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    notes: z.string(),
    status: z.enum(STATUSES),
    tags: z.array(z.string()),
    createdAt: instantOutput,
    updatedAt: instantOutput,
  })
  .meta({ id: 'Customer' });

const writeShape = {
  userId: z.uuid().nullable().optional(),
  name: label(200),
  email: z.email('must be an email address').max(254).nullable().optional(),
  phone: z.string().trim().regex(/^\+?[0-9 ()./-]{3,40}$/, 'must be a phone number').nullable().optional(),
  notes: text(5000).optional(),
  status: z.enum(STATUSES).optional(),
  tags: z.array(label(50)).max(50).optional(),
};
const createBody = z.strictObject(writeShape);
const updateBody = nonEmptyPatch(z.strictObject({ ...writeShape, name: writeShape.name.optional() }));
const listQuery = z.strictObject({
  ...pageQueryShape,
  status: z.enum(STATUSES).optional(),
  search: z.string().max(200).optional().describe('Part of the name or email, any case'),
  tag: z.string().max(50).optional(),
  userId: z.uuid().optional(),
});

export const toCustomerDto = (row: Customer): z.infer<typeof customerSchema> => ({
  id: row.id,
  userId: row.userId,
  name: row.name,
  email: row.email,
  phone: row.phone,
  notes: row.notes,
  status: row.status,
  tags: row.tags,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

export interface CustomersRoutesOptions {
  service: CustomersService;
  clock: () => Date;
}

export const customersRoutes: FastifyPluginAsyncZod<CustomersRoutesOptions> = async (app, { service, clock }) => {
  const read = requireAnyCapability('schedule.read', 'customers.manage', 'bookings.manage-own');
  const write = requireAnyCapability('customers.manage', 'bookings.manage-own');
  const tags = ['customers'];

  app.get('/customers', {
    config: TENANT_ROUTE,
    onRequest: read,
    schema: {
      tags, summary: 'Customers, oldest first (a CUSTOMER gets only their own record)', querystring: listQuery,
      response: { 200: z.object({ customers: z.array(customerSchema), nextCursor: z.string().nullable() }), ...errors },
    },
  }, async (request) => {
    const page = await service.list(contextOf(request, clock), request.query);
    return { customers: page.items.map(toCustomerDto), nextCursor: page.nextCursor };
  });

  app.get('/customers/:id', {
    config: TENANT_ROUTE,
    onRequest: read,
    schema: { tags, summary: 'One customer', params: idParams, response: { 200: customerSchema, ...errors } },
  }, async (request) => toCustomerDto(await service.get(contextOf(request, clock), request.params.id)));

  app.post('/customers', {
    config: TENANT_ROUTE,
    onRequest: write,
    schema: {
      tags, summary: 'Creates a customer; a CUSTOMER creates their own record once (name, email, phone)', body: createBody,
      response: { 201: customerSchema, ...errors },
    },
  }, async (request, reply) => reply.code(201).send(toCustomerDto(await service.create(contextOf(request, clock), request.body))));

  app.patch('/customers/:id', {
    config: TENANT_ROUTE,
    onRequest: write,
    schema: { tags, summary: 'Changes a customer', params: idParams, body: updateBody, response: { 200: customerSchema, ...errors } },
  }, async (request) => toCustomerDto(await service.update(contextOf(request, clock), request.params.id, request.body)));

  app.delete('/customers/:id', {
    config: TENANT_ROUTE,
    onRequest: requireAnyCapability('customers.manage'),
    schema: {
      tags, summary: 'Deletes a customer without appointments (409 IN_USE otherwise)', params: idParams,
      response: { 204: z.null(), ...errors },
    },
  }, async (request, reply) => {
    await service.delete(contextOf(request, clock), request.params.id);
    return reply.code(204).send(null);
  });
};

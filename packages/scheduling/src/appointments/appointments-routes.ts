/**
 * /api/appointments (SPEC §7): list (from, to, resourceId, customerId, status, pagination), get, book (with an
 * optional Idempotency-Key), update (status transitions, reschedule, notes) and delete.
 */
import { requireAction } from '@smoothschedule/auth';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors, idParams, instantInput, text } from '../http/http-schemas.ts';
import { pageQueryShape } from '../http/pagination.ts';
import { nonEmptyPatch, TENANT_ROUTE } from '../http/route-kit.ts';
import { requireAnyCapability } from '../scheduling-access.ts';
import { contextOf } from '../scheduling-context.ts';
import { APPOINTMENT_STATUSES, appointmentSchema, toAppointmentDto } from './appointment-dto.ts';
import type { AppointmentsService } from './appointments-service.ts';

const createBody = z.strictObject({
  resourceId: z.uuid(),
  serviceId: z.uuid(),
  customerId: z.uuid().optional().describe('Required, except for a CUSTOMER booking for themselves'),
  startsAt: instantInput.describe('ISO 8601 with an offset; endsAt follows from the service\'s duration'),
  notes: text(2000).optional(),
});

const updateBody = nonEmptyPatch(z.strictObject({
  status: z.enum(APPOINTMENT_STATUSES).optional().describe('PENDING → CONFIRMED → COMPLETED | NO_SHOW; open → CANCELLED'),
  startsAt: instantInput.optional().describe('Reschedules (open appointments only)'),
  resourceId: z.uuid().optional(),
  serviceId: z.uuid().optional(),
  notes: text(2000).optional(),
}));

const listQuery = z.strictObject({
  ...pageQueryShape,
  from: instantInput.optional().describe('Only appointments starting at or after this instant'),
  to: instantInput.optional().describe('Only appointments starting before this instant'),
  resourceId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  status: z.enum(APPOINTMENT_STATUSES).optional(),
});

const bookingHeaders = z.looseObject({
  'idempotency-key': z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'must be 1–200 visible ASCII characters').optional()
    .describe('A retry with the same key and body returns the first answer; another body with it is a 409'),
});

export interface AppointmentsRoutesOptions {
  service: AppointmentsService;
  clock: () => Date;
}

export const appointmentsRoutes: FastifyPluginAsyncZod<AppointmentsRoutesOptions> = async (app, { service, clock }) => {
  const read = requireAnyCapability('schedule.read', 'bookings.manage-own');
  const write = requireAnyCapability('appointments.manage', 'appointments.manage-own', 'bookings.manage-own');
  const tags = ['appointments'];

  app.get('/appointments', {
    config: TENANT_ROUTE,
    onRequest: read,
    schema: {
      tags, summary: 'Appointments by start time (a CUSTOMER gets only their own)', querystring: listQuery,
      response: { 200: z.object({ appointments: z.array(appointmentSchema), nextCursor: z.string().nullable() }), ...errors },
    },
  }, async (request) => {
    const page = await service.list(contextOf(request, clock), request.query);
    return { appointments: page.items.map(toAppointmentDto), nextCursor: page.nextCursor };
  });

  app.get('/appointments/:id', {
    config: TENANT_ROUTE,
    onRequest: read,
    schema: { tags, summary: 'One appointment', params: idParams, response: { 200: appointmentSchema, ...errors } },
  }, async (request) => toAppointmentDto(await service.get(contextOf(request, clock), request.params.id)));

  app.post('/appointments', {
    config: TENANT_ROUTE,
    onRequest: write,
    schema: {
      tags,
      summary: 'Books an appointment (409 SLOT_TAKEN when the time is taken; staff: own resource; customers: themselves)',
      headers: bookingHeaders,
      body: createBody,
      response: { 201: appointmentSchema, ...errors },
    },
  }, async (request, reply) => {
    const result = await service.book(contextOf(request, clock), request.body, request.headers['idempotency-key']);
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    // Only successful bookings are stored, so a replay is a 201 too.
    return reply.code(201).send(result.body);
  });

  app.patch('/appointments/:id', {
    config: TENANT_ROUTE,
    onRequest: write,
    schema: {
      tags, summary: 'Changes status (validated transitions), reschedules or edits notes; customers may only cancel', params: idParams,
      body: updateBody, response: { 200: appointmentSchema, ...errors },
    },
  }, async (request) => service.update(contextOf(request, clock), request.params.id, request.body));

  app.delete('/appointments/:id', {
    config: TENANT_ROUTE,
    // A grantable action (SPEC §6): the roles holding delete_appointments, or an active grant of it.
    onRequest: requireAction('delete_appointments'),
    schema: { tags, summary: 'Deletes an appointment (cancelling keeps the history; this does not): delete_appointments by role or grant', params: idParams, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await service.delete(contextOf(request, clock), request.params.id);
    return reply.code(204).send(null);
  });
};

/** An appointment as the API (and the lifecycle events) show it. */
import type { Appointment } from '@smoothschedule/db';
import { z } from 'zod';
import { instantOutput } from '../http/http-schemas.ts';

export const APPOINTMENT_STATUSES = ['PENDING', 'CONFIRMED', 'COMPLETED', 'CANCELLED', 'NO_SHOW'] as const;
export type AppointmentStatusName = (typeof APPOINTMENT_STATUSES)[number];

export const appointmentSchema = z
  .object({
    id: z.uuid(),
    resourceId: z.uuid(),
    customerId: z.uuid(),
    serviceId: z.uuid(),
    startsAt: instantOutput,
    endsAt: instantOutput.describe('startsAt plus the service\'s duration'),
    bufferMinutes: z.number().int().describe('Minutes the resource stays busy after endsAt'),
    status: z.enum(APPOINTMENT_STATUSES),
    notes: z.string(),
    createdById: z.uuid().nullable(),
    createdAt: instantOutput,
    updatedAt: instantOutput,
  })
  .meta({ id: 'Appointment' });

export type AppointmentDto = z.infer<typeof appointmentSchema>;

export function toAppointmentDto(row: Appointment): AppointmentDto {
  return {
    id: row.id,
    resourceId: row.resourceId,
    customerId: row.customerId,
    serviceId: row.serviceId,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    bufferMinutes: row.bufferMinutes,
    status: row.status,
    notes: row.notes,
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

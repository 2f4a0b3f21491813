/**
 * The appointments and idempotency_keys tables. The no-overlap exclusion constraint is the judge of double
 * booking: its refusal becomes SLOT_TAKEN here, for inserts and reschedules alike. The tenant client (or a
 * transaction of it) comes in as an argument.
 */
import type { TenantClient, TenantPrisma } from '@smoothschedule/db';
import { isExclusionViolation } from '../prisma-errors.ts';
import { SlotTakenError } from '../scheduling-errors.ts';
import type { AppointmentStatusName } from './appointment-dto.ts';

type Client = TenantClient | TenantPrisma.TransactionClient;

export interface NewAppointment {
  resourceId: string;
  customerId: string;
  serviceId: string;
  startsAt: Date;
  endsAt: Date;
  bufferMinutes: number;
  notes: string;
  createdById: string | null;
}

export interface AppointmentChanges {
  resourceId?: string;
  serviceId?: string;
  startsAt?: Date;
  endsAt?: Date;
  bufferMinutes?: number;
  notes?: string;
  status?: AppointmentStatusName;
}

async function mapOverlap<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isExclusionViolation(error, 'appointments_no_overlap')) throw new SlotTakenError();
    throw error;
  }
}

export function createAppointmentRepository(db: Client) {
  return {
    list(where: TenantPrisma.AppointmentWhereInput, orderBy: TenantPrisma.AppointmentOrderByWithRelationInput[], take: number) {
      return db.appointment.findMany({ where, orderBy, take });
    },

    findById(id: string) {
      return db.appointment.findUnique({
        where: { id },
        include: { resource: { select: { userId: true } }, customer: { select: { userId: true } } },
      });
    },

    create(data: NewAppointment) {
      return mapOverlap(db.appointment.create({ data }));
    },

    /**
     * Changes the appointment only if its status is still `expectedStatus` (a concurrent transition wins once);
     * null when it was not.
     */
    async updateIfStatus(id: string, expectedStatus: AppointmentStatusName, changes: AppointmentChanges) {
      const { count } = await mapOverlap(db.appointment.updateMany({ where: { id, status: expectedStatus }, data: changes }));
      return count === 0 ? null : db.appointment.findUniqueOrThrow({ where: { id } });
    },

    delete(id: string) {
      return db.appointment.delete({ where: { id } });
    },

    /** Forgets keys stored before `cutoff` (the index on created_at keeps this a short range scan). */
    purgeIdempotencyKeysBefore(cutoff: Date) {
      return db.idempotencyKey.deleteMany({ where: { createdAt: { lt: cutoff } } });
    },

    findIdempotencyKey(userId: string, key: string) {
      return db.idempotencyKey.findUnique({ where: { userId_key: { userId, key } } });
    },

    /** `createdAt` from the booking's clock, the same clock the purge compares against. */
    claimIdempotencyKey(userId: string, key: string, requestHash: string, createdAt: Date) {
      return db.idempotencyKey.create({ data: { userId, key, requestHash, responseStatus: 0, responseBody: {}, createdAt } });
    },

    recordIdempotentResponse(userId: string, key: string, responseStatus: number, responseBody: TenantPrisma.InputJsonValue) {
      return db.idempotencyKey.update({ where: { userId_key: { userId, key } }, data: { responseStatus, responseBody } });
    },
  };
}

export type AppointmentRecord = NonNullable<Awaited<ReturnType<ReturnType<typeof createAppointmentRepository>['findById']>>>;

/**
 * What must hold for an appointment to take (or move to) a time, before the database's no-overlap constraint
 * has the last word: the referenced resource, service and customer exist (400 on the field otherwise), are
 * active and fit together (409), and the time is in the future, inside one opening shift of its local day, and
 * clear of the resource's blockers, buffer included (409).
 */
import { createScheduleRepository } from '../availability/schedule-repository.ts';
import { fitsWindows, shiftWindows } from '../availability/slot-calculator.ts';
import type { BufferProviders } from '../availability/buffer-providers.ts';
import type { SchedulingContext } from '../scheduling-context.ts';
import {
  CustomerNotActiveError,
  fieldError,
  OutsideBusinessHoursError,
  ResourceBlockedError,
  ResourceCannotDeliverError,
  ResourceInactiveError,
  ServiceInactiveError,
  SlotInPastError,
} from '../scheduling-errors.ts';
import { localPartsOf } from '../tenant-time.ts';

const MINUTE_MS = 60_000;

export interface BookingTarget {
  resourceId: string;
  serviceId: string;
  startsAt: Date;
}

export interface CheckedBooking {
  resource: { id: string; userId: string | null };
  startsAt: Date;
  endsAt: Date;
  bufferMinutes: number;
}

export function createBookingRules(buffers: BufferProviders) {
  return {
    /** Throws the refusal, or answers the times to write. */
    async check(ctx: SchedulingContext, target: BookingTarget): Promise<CheckedBooking> {
      const { db } = ctx;
      const [resource, service] = await Promise.all([
        db.resource.findUnique({ where: { id: target.resourceId }, select: { id: true, userId: true, isActive: true } }),
        db.service.findUnique({
          where: { id: target.serviceId },
          select: {
            id: true, isActive: true, durationMinutes: true, bufferMinutes: true,
            resources: { where: { resourceId: target.resourceId }, select: { resourceId: true } },
          },
        }),
      ]);
      if (!resource) throw fieldError('body', 'resourceId', 'names no resource of this tenant');
      if (!service) throw fieldError('body', 'serviceId', 'names no service of this tenant');
      if (!resource.isActive) throw new ResourceInactiveError();
      if (!service.isActive) throw new ServiceInactiveError();
      if (service.resources.length === 0) throw new ResourceCannotDeliverError();
      if (target.startsAt.getTime() < ctx.now.getTime()) throw new SlotInPastError();

      const bufferMinutes = await buffers.totalFor({ tenant: ctx.tenant, db, service });
      const startsAt = target.startsAt;
      const endsAt = new Date(startsAt.getTime() + service.durationMinutes * MINUTE_MS);
      const occupiedUntil = new Date(endsAt.getTime() + bufferMinutes * MINUTE_MS);
      const local = localPartsOf(startsAt, ctx.tenant.timezone);
      const schedule = createScheduleRepository(db);
      const [shifts, blockers] = await Promise.all([
        schedule.shiftsForDay(local.dayOfWeek),
        schedule.blockersOverlapping([resource.id], startsAt, occupiedUntil),
      ]);
      if (!fitsWindows(startsAt.getTime(), endsAt.getTime(), shiftWindows(local.date, ctx.tenant.timezone, shifts))) {
        throw new OutsideBusinessHoursError();
      }
      if (blockers.length > 0) throw new ResourceBlockedError(blockers[0]!.title);
      return { resource, startsAt, endsAt, bufferMinutes };
    },

    /** A customer reference: 400 on the field when it names no customer the caller may book for. */
    async checkCustomer(ctx: SchedulingContext, customerId: string, ownUserId: string | null) {
      const customer = await ctx.db.customer.findUnique({ where: { id: customerId }, select: { id: true, userId: true, status: true } });
      // Another person's record reads as unknown to a customer: its existence must not leak.
      if (!customer || (ownUserId !== null && customer.userId !== ownUserId)) {
        throw fieldError('body', 'customerId', 'names no customer of this tenant that you may book for');
      }
      if (customer.status !== 'ACTIVE') throw new CustomerNotActiveError(customer.status);
      return customer;
    },
  };
}

export type BookingRules = ReturnType<typeof createBookingRules>;

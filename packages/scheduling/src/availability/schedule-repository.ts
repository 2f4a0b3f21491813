/**
 * The reads availability and booking rules share: a service with its resources, a day's shifts, and the blockers
 * and open appointments of a set of resources over a time range. One query each, whatever the number of
 * resources or slots. The tenant client comes in as an argument.
 */
import type { TenantClient } from '@smoothschedule/db';

const OPEN_STATUSES = ['PENDING', 'CONFIRMED'] as const;

export function createScheduleRepository(db: TenantClient) {
  return {
    serviceWithResources(id: string) {
      return db.service.findUnique({
        where: { id },
        select: {
          id: true,
          isActive: true,
          durationMinutes: true,
          bufferMinutes: true,
          resources: { select: { resource: { select: { id: true, isActive: true } } }, orderBy: { resourceId: 'asc' } },
        },
      });
    },

    resourceExists(id: string) {
      return db.resource.findUnique({ where: { id }, select: { id: true } }).then((row) => row !== null);
    },

    shiftsForDay(dayOfWeek: number) {
      return db.businessHours.findMany({ where: { dayOfWeek }, select: { opensAt: true, closesAt: true }, orderBy: { opensAt: 'asc' } });
    },

    blockersOverlapping(resourceIds: string[], from: Date, to: Date) {
      return db.blocker.findMany({
        where: { resourceId: { in: resourceIds }, startsAt: { lt: to }, endsAt: { gt: from } },
        select: { resourceId: true, startsAt: true, endsAt: true, title: true },
      });
    },

    /** Open appointments whose busy range (start to end of buffer) meets [from, to). */
    openAppointmentsOverlapping(resourceIds: string[], from: Date, to: Date) {
      return db.appointment.findMany({
        where: { resourceId: { in: resourceIds }, status: { in: [...OPEN_STATUSES] }, startsAt: { lt: to }, occupiedUntil: { gt: from } },
        select: { resourceId: true, startsAt: true, occupiedUntil: true },
      });
    },
  };
}

/**
 * Demo scheduling data beyond what the demo tenant is provisioned with: links the demo staff login to a stylist
 * resource and the demo customer login to a customer record (so those users see "their own" data), and books a
 * handful of appointments over the coming working days. Idempotent: links are set only where missing, and
 * appointments only when the tenant has none.
 */
import type { Database } from '@smoothschedule/db';
import { dayOfWeekOf, nextDate, zonedInstant } from '../tenant-time.ts';

export interface DemoScheduleTarget {
  tenantId: string;
  schemaName: string;
  timezone: string;
}

const STAFF_EMAIL = 'staff@demo.example.com';
const CUSTOMER_EMAIL = 'customer@demo.example.com';
const MINUTE_MS = 60_000;

/** Booked slots, as (working day offset, local "HH:MM", service name, resource name, status). */
const BOOKINGS = [
  [0, '09:00', 'Haircut', 'Alex (stylist)', 'CONFIRMED'],
  [0, '10:30', 'Colour', 'Alex (stylist)', 'PENDING'],
  [0, '14:00', 'Haircut', 'Sam (stylist)', 'CONFIRMED'],
  [1, '09:30', 'Facial', 'Treatment room', 'CONFIRMED'],
  [1, '13:30', 'Haircut', 'Alex (stylist)', 'PENDING'],
  [2, '11:00', 'Haircut', 'Sam (stylist)', 'CONFIRMED'],
] as const;

/** The next `count` Monday-to-Friday dates after `today` (local dates, YYYY-MM-DD). */
function workingDaysAfter(today: string, count: number): string[] {
  const days: string[] = [];
  for (let date = nextDate(today); days.length < count; date = nextDate(date)) if (dayOfWeekOf(date) < 5) days.push(date);
  return days;
}

export async function seedDemoSchedule(database: Database, target: DemoScheduleTarget, now = new Date()): Promise<{ appointments: number }> {
  const [staffUser, customerUser] = await Promise.all(
    [STAFF_EMAIL, CUSTOMER_EMAIL].map((email) =>
      database.shared.user.findFirst({ where: { email, tenantId: target.tenantId }, select: { id: true, firstName: true, lastName: true, email: true } })),
  );
  return database.tenants.withTenant({ schemaName: target.schemaName }, async (db) => {
    const resources = await db.resource.findMany({ select: { id: true, name: true, userId: true } });
    const alex = resources.find((resource) => resource.name === 'Alex (stylist)');
    if (staffUser && alex && alex.userId === null && !resources.some((resource) => resource.userId === staffUser.id)) {
      await db.resource.update({ where: { id: alex.id }, data: { userId: staffUser.id } });
    }
    if (customerUser && !(await db.customer.findUnique({ where: { userId: customerUser.id } }))) {
      await db.customer.create({
        data: { userId: customerUser.id, name: `${customerUser.firstName} ${customerUser.lastName}`, email: customerUser.email, tags: ['demo'] },
      });
    }
    if ((await db.appointment.count()) > 0) return { appointments: 0 };

    const services = await db.service.findMany({ select: { id: true, name: true, durationMinutes: true, bufferMinutes: true } });
    const customers = await db.customer.findMany({ orderBy: { createdAt: 'asc' }, select: { id: true } });
    if (customers.length === 0) return { appointments: 0 };
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: target.timezone }).format(now);
    const days = workingDaysAfter(today, 3);
    let created = 0;
    for (const [index, [day, clock, serviceName, resourceName, status]] of BOOKINGS.entries()) {
      const service = services.find((candidate) => candidate.name === serviceName);
      const resource = resources.find((candidate) => candidate.name === resourceName);
      if (!service || !resource) continue;
      const [hours, minutes] = clock.split(':').map(Number) as [number, number];
      const startsAt = zonedInstant(days[day]!, hours * 60 + minutes, target.timezone);
      await db.appointment.create({
        data: {
          resourceId: resource.id,
          serviceId: service.id,
          customerId: customers[index % customers.length]!.id,
          startsAt,
          endsAt: new Date(startsAt.getTime() + service.durationMinutes * MINUTE_MS),
          bufferMinutes: service.bufferMinutes,
          status,
          notes: 'Demo booking',
        },
      });
      created += 1;
    }
    return { appointments: created };
  });
}

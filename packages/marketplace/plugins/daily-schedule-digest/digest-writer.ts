/**
 * Writes each staff member's digest of the tenant's local day once that day's sendAt has passed on the tenant's
 * wall clock. The day is the local one (00:00 to the next 00:00 in the tenant's timezone: 23 or 25 hours on DST
 * days), never a UTC day. A run any time after sendAt writes the day's digests that are still missing (catch-up
 * after downtime); the dedupe key digest:<userId>:<local date> keeps it to one per staff member and day, and the
 * next day is only ever written once its own sendAt has come.
 *
 * Staff are the users who own a resource (Resource.userId) of this tenant: their digest lists the day's
 * appointments on their resources, cancelled ones left out. Owners and managers without a resource get none.
 */
import { dayBounds, localPartsOf, minutesOfClock } from '@smoothschedule/scheduling';
import type { ConfigOf, PluginContext, PluginUser } from '../../src/plugin-definition.ts';
import { calendarDateText, localTimeText } from '../../src/plugin-kit/local-time-format.ts';
import { writeOutbox, type OutboxMessage } from '../../src/plugin-kit/outbox-writer.ts';
import type { dailyScheduleDigestManifest } from './manifest.ts';

type DigestConfig = ConfigOf<typeof dailyScheduleDigestManifest>;
export const DIGEST_KIND = 'DAILY_DIGEST';

interface DayAppointment {
  startsAt: Date;
  endsAt: Date;
  resource: { name: string; userId: string | null };
  service: { name: string };
  customer: { name: string };
}

export async function writeDueDigests(slug: string, context: PluginContext<DigestConfig>): Promise<number> {
  const { db, now, config, tenant } = context;
  const local = localPartsOf(now, tenant.timezone);
  if (local.minutes < minutesOfClock(config.sendAt)) return 0;
  const { start, end } = dayBounds(local.date, tenant.timezone);

  const appointments: DayAppointment[] = await db.appointment.findMany({
    where: { startsAt: { gte: start, lt: end }, status: { not: 'CANCELLED' }, resource: { userId: { not: null } } },
    select: {
      startsAt: true,
      endsAt: true,
      resource: { select: { name: true, userId: true } },
      service: { select: { name: true } },
      customer: { select: { name: true } },
    },
    orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
  });
  const byUser = new Map<string, DayAppointment[]>();
  for (const appointment of appointments) {
    const userId = appointment.resource.userId!;
    byUser.set(userId, [...(byUser.get(userId) ?? []), appointment]);
  }
  const recipientIds = new Set(byUser.keys());
  if (config.includeEmptyDays) {
    const staffed = await db.resource.findMany({ where: { isActive: true, userId: { not: null } }, select: { userId: true } });
    for (const resource of staffed) recipientIds.add(resource.userId!);
  }
  // Only this tenant's active staff: a resource naming anyone else (a user since removed) addresses no one.
  const staff = (await context.users([...recipientIds])).filter((user) => user.role !== 'CUSTOMER');
  const messages = staff.map((user) => digestFor(user, local.date, byUser.get(user.id) ?? [], tenant.timezone));
  return writeOutbox(db, slug, messages);
}

function digestFor(user: PluginUser, date: string, appointments: readonly DayAppointment[], timeZone: string): OutboxMessage {
  const day = calendarDateText(date);
  const count = appointments.length;
  const lines = appointments.map((appointment) =>
    `${localTimeText(appointment.startsAt, timeZone)}–${localTimeText(appointment.endsAt, timeZone)}  ` +
    `${appointment.service.name} · ${appointment.customer.name} · ${appointment.resource.name}`);
  const body = count === 0
    ? `Hello ${user.firstName},\n\nnothing is booked for you on ${day}.`
    : `Hello ${user.firstName},\n\nyour appointments on ${day} (${timeZone}):\n\n${lines.join('\n')}`;
  return {
    kind: DIGEST_KIND,
    dedupeKey: `digest:${user.id}:${date}`,
    recipientEmail: user.email,
    recipientUserId: user.id,
    subject: count === 0
      ? `Your schedule for ${day}: nothing booked`
      : `Your schedule for ${day}: ${count} appointment${count === 1 ? '' : 's'}`,
    body,
  };
}

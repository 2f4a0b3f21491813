/**
 * Writes the reminders that have come due: every open (PENDING or CONFIRMED) appointment starting within
 * (now, now + hoursBefore] gets one outbox row for its current start. The dedupe key names the start, so a
 * rescheduled appointment is reminded again for its new time, and a rerun finds nothing new. Customers without an
 * email are skipped: there is no one to address, and the outbox only holds deliverable messages.
 */
import type { ConfigOf, PluginContext } from '../../src/plugin-definition.ts';
import { localDateText, localTimeText } from '../../src/plugin-kit/local-time-format.ts';
import { writeOutbox, type OutboxMessage } from '../../src/plugin-kit/outbox-writer.ts';
import type { appointmentRemindersManifest } from './manifest.ts';

type AppointmentRemindersConfig = ConfigOf<typeof appointmentRemindersManifest>;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
export const REMINDER_KIND = 'REMINDER';

interface DueAppointment {
  id: string;
  startsAt: Date;
  customer: { id: string; name: string; email: string | null };
  service: { name: string };
  resource: { name: string };
}

export async function writeDueReminders(slug: string, context: PluginContext<AppointmentRemindersConfig>): Promise<number> {
  const { db, now, config, tenant } = context;
  // The window's far edge is counted from the run's minute, so where it falls does not depend on how many
  // seconds late the queue picked the run up: a reminder due at 09:00 is written by the 09:00 run.
  const runMinute = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  const due: DueAppointment[] = await db.appointment.findMany({
    where: {
      status: { in: ['PENDING', 'CONFIRMED'] },
      startsAt: { gt: now, lte: new Date(runMinute + config.hoursBefore * HOUR_MS) },
      customer: { email: { not: null } },
    },
    select: {
      id: true,
      startsAt: true,
      customer: { select: { id: true, name: true, email: true } },
      service: { select: { name: true } },
      resource: { select: { name: true } },
    },
    orderBy: { startsAt: 'asc' },
  });
  const messages = due
    .filter((appointment) => appointment.customer.email?.trim())
    .map((appointment) => reminderFor(appointment, tenant.timezone, config.message));
  return writeOutbox(db, slug, messages);
}

function reminderFor(appointment: DueAppointment, timeZone: string, extra: string | undefined): OutboxMessage {
  const date = localDateText(appointment.startsAt, timeZone);
  const time = localTimeText(appointment.startsAt, timeZone);
  const lines = [
    `Hello ${appointment.customer.name},`,
    `this is a reminder of your ${appointment.service.name} appointment on ${date} at ${time} (${timeZone}) with ${appointment.resource.name}.`,
  ];
  if (extra) lines.push(extra);
  return {
    kind: REMINDER_KIND,
    dedupeKey: `reminder:${appointment.id}:${appointment.startsAt.toISOString()}`,
    recipientEmail: appointment.customer.email!.trim(),
    customerId: appointment.customer.id,
    appointmentId: appointment.id,
    subject: `Reminder: ${appointment.service.name} on ${date} at ${time}`,
    body: lines.join('\n\n'),
  };
}

/**
 * Finds lapsed customers and writes each one win-back message per lapse. A customer is lapsed when they are
 * ACTIVE, have an email, their most recent COMPLETED appointment ended more than inactiveDays before now, and
 * nothing open (PENDING or CONFIRMED) is booked for them in the future. Customers who never completed a visit are
 * not "won back": there is no visit to come back from.
 *
 * The dedupe key names the local date of that last visit, so a customer hears again only after a new visit and a
 * new lapse. One query per batch does the whole selection (customers × their last visit × open bookings × messages
 * already written), so the work per run does not grow with the customers already written to.
 */
import type { ConfigOf, PluginContext } from '../../src/plugin-definition.ts';
import { calendarDateText } from '../../src/plugin-kit/local-time-format.ts';
import { writeOutbox, type OutboxMessage } from '../../src/plugin-kit/outbox-writer.ts';
import type { customerWinBackManifest } from './manifest.ts';

type WinBackConfig = ConfigOf<typeof customerWinBackManifest>;
export const WIN_BACK_KIND = 'WIN_BACK';

const DAY_MS = 86_400_000;
const BATCH_SIZE = 500;
/** A bigger backlog is finished by the next runs. */
const MAX_BATCHES_PER_RUN = 20;

interface LapsedCustomer {
  customerId: string;
  name: string;
  email: string;
  lastAppointmentId: string;
  lastVisitDate: string;
  dedupeKey: string;
}

function findLapsed(context: PluginContext<WinBackConfig>, slug: string): Promise<LapsedCustomer[]> {
  const { db, now, config, tenant } = context;
  const cutoff = new Date(now.getTime() - config.inactiveDays * DAY_MS);
  // Unqualified names: raw SQL on a tenant client runs with only the tenant's schema on its search_path.
  return db.$queryRaw<LapsedCustomer[]>`
    SELECT candidate.*
    FROM (
      SELECT c.id::text AS "customerId", c.name, btrim(c.email) AS email, last_visit.id::text AS "lastAppointmentId",
             to_char(last_visit.starts_at AT TIME ZONE ${tenant.timezone}, 'YYYY-MM-DD') AS "lastVisitDate",
             'win-back:' || c.id::text || ':' || to_char(last_visit.starts_at AT TIME ZONE ${tenant.timezone}, 'YYYY-MM-DD') AS "dedupeKey"
      FROM customers c
      CROSS JOIN LATERAL (
        SELECT a.id, a.starts_at, a.ends_at FROM appointments a
        WHERE a.customer_id = c.id AND a.status = 'COMPLETED'
        ORDER BY a.ends_at DESC, a.id DESC LIMIT 1
      ) last_visit
      WHERE c.status = 'ACTIVE'
        AND coalesce(btrim(c.email), '') <> ''
        AND last_visit.ends_at < ${cutoff}::timestamptz
        AND NOT EXISTS (
          SELECT 1 FROM appointments upcoming
          WHERE upcoming.customer_id = c.id AND upcoming.status IN ('PENDING', 'CONFIRMED') AND upcoming.starts_at > ${now}::timestamptz
        )
    ) candidate
    WHERE NOT EXISTS (SELECT 1 FROM notification_outbox sent WHERE sent.dedupe_key = candidate."dedupeKey" AND sent.plugin_slug = ${slug})
    ORDER BY candidate."customerId"
    LIMIT ${BATCH_SIZE}`;
}

export async function writeWinBacks(slug: string, context: PluginContext<WinBackConfig>): Promise<number> {
  let written = 0;
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch += 1) {
    const lapsed = await findLapsed(context, slug);
    written += await writeOutbox(context.db, slug, lapsed.map((customer) => winBackFor(customer, context.config.message)));
    if (lapsed.length < BATCH_SIZE) break;
  }
  return written;
}

function winBackFor(customer: LapsedCustomer, extra: string | undefined): OutboxMessage {
  const lines = [
    `Hello ${customer.name},`,
    `it has been a while since your last visit on ${calendarDateText(customer.lastVisitDate)}. We would love to see you again: book your next appointment whenever it suits you.`,
  ];
  if (extra) lines.push(extra);
  return {
    kind: WIN_BACK_KIND,
    dedupeKey: customer.dedupeKey,
    recipientEmail: customer.email,
    customerId: customer.customerId,
    appointmentId: customer.lastAppointmentId,
    subject: `We miss you, ${customer.name}`,
    body: lines.join('\n\n'),
  };
}

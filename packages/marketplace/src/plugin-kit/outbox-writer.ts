/**
 * Writing to the tenant's notification outbox, shared by the message-writing plugins. Every row carries a dedupe
 * key; rows whose key is already there are skipped by the database (INSERT … ON CONFLICT DO NOTHING), so a rerun,
 * a retry or two runs at once never write a message twice.
 */
import type { TenantClient } from '@smoothschedule/db';

export interface OutboxMessage {
  kind: string;
  dedupeKey: string;
  recipientEmail: string;
  recipientUserId?: string | null;
  customerId?: string | null;
  appointmentId?: string | null;
  subject: string;
  body: string;
}

/** Writes the messages not written before; answers how many were new. */
export async function writeOutbox(db: TenantClient, pluginSlug: string, messages: readonly OutboxMessage[]): Promise<number> {
  if (messages.length === 0) return 0;
  const { count } = await db.notificationOutbox.createMany({
    data: messages.map((message) => ({ pluginSlug, ...message })),
    skipDuplicates: true,
  });
  return count;
}

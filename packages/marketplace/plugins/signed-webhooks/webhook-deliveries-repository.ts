/** The tenant's webhook_deliveries rows: one per event sent, updated after each attempt. */
import type { TenantClient } from '@smoothschedule/db';

export interface NewDelivery {
  id: string;
  eventType: string;
  appointmentId: string;
  url: string;
  payload: object;
}

export interface AttemptOutcome {
  status: 'PENDING' | 'DELIVERED' | 'FAILED';
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
}

export function createWebhookDeliveriesRepository(db: TenantClient) {
  return {
    create(delivery: NewDelivery) {
      return db.webhookDelivery.create({ data: delivery });
    },

    find(id: string) {
      return db.webhookDelivery.findUnique({ where: { id } });
    },

    /**
     * Takes attempt number `attempt` of a PENDING delivery whose previous attempt count is `attempt - 1`; false
     * when someone else already took it (a duplicate job), so a request is never sent twice for one attempt.
     */
    async claimAttempt(id: string, attempt: number): Promise<boolean> {
      const { count } = await db.webhookDelivery.updateMany({
        where: { id, status: 'PENDING', attempts: attempt - 1 },
        data: { attempts: attempt },
      });
      return count === 1;
    },

    recordOutcome(id: string, outcome: AttemptOutcome) {
      return db.webhookDelivery.update({ where: { id }, data: outcome });
    },
  };
}

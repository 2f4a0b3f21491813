/**
 * Signed webhooks: each appointment event the tenant chose becomes a PENDING webhook_deliveries row (written
 * before anything is sent, so every delivery is on record) and a `deliver` job that POSTs it.
 * Private and loopback targets are refused when the request is made, not when the config is saved: the config
 * schema cannot see the platform's allowPrivateTargets setting, and a host name can resolve anywhere later.
 */
import { randomUUID } from 'node:crypto';
import type { PluginHandlers } from '../../src/plugin-definition.ts';
import type { SignedWebhooksConfig } from './manifest.ts';
import { createWebhookDeliveriesRepository } from './webhook-deliveries-repository.ts';
import { deliverWebhook } from './webhook-delivery-job.ts';

export const signedWebhooksHandlers: PluginHandlers<SignedWebhooksConfig> = {
  async onAppointmentEvent(event, context) {
    if (!(context.config.events as readonly string[]).includes(event.type)) return;
    const id = randomUUID();
    const type = `appointment.${event.type}`;
    const payload = { id, type, occurredAt: event.occurredAt, tenantId: event.tenantId, data: event.appointment };
    await createWebhookDeliveriesRepository(context.db).create({ id, eventType: type, appointmentId: event.appointment.id, url: context.config.url, payload });
    await context.enqueue('deliver', { deliveryId: id });
  },
  jobs: { deliver: deliverWebhook },
};

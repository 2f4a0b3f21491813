import { APPOINTMENT_EVENT_TYPES } from '@smoothschedule/scheduling';
import { z } from 'zod';
import type { PluginManifest } from '../../src/plugin-definition.ts';

const WEBHOOK_EVENTS = ['created', 'confirmed', 'cancelled', 'completed', 'no_show'] as const satisfies readonly (typeof APPOINTMENT_EVENT_TYPES)[number][];

const configSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'url must be an http or https URL' }).max(2000)
    .describe('Where each event is POSTed.'),
  secret: z.string().min(16, 'secret must be at least 16 characters').max(200)
    .describe('Key of the HMAC-SHA256 signature; never shown again once saved.'),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).default([...WEBHOOK_EVENTS])
    .describe('The appointment events to send.'),
  maxAttempts: z.number().int().min(1).max(10).default(5)
    .describe('Attempts per event, with exponential backoff between them.'),
});

export const signedWebhooksManifest: PluginManifest<typeof configSchema> = {
  slug: 'signed-webhooks',
  name: 'Signed Webhooks',
  author: 'Smooth Schedule',
  version: '1.0.0',
  shortDescription: 'POSTs signed JSON to your URL whenever an appointment changes.',
  description: [
    'Connect your own systems to your calendar. Signed Webhooks sends a JSON description of every appointment event you choose to a URL you control.',
    'Each request carries an HMAC-SHA256 signature over the timestamp and the raw body, made with your secret, so your receiver can prove it came from us and refuse replays.',
    '- Events: created, confirmed, cancelled, completed and no-show.',
    '- Failed deliveries are retried with exponential backoff; every attempt is recorded.',
    '- Headers: `X-SmoothSchedule-Signature` (`t=<unix seconds>,v1=<hex>`), `X-SmoothSchedule-Event`, `X-SmoothSchedule-Delivery`.',
  ].join('\n\n'),
  category: 'integrations',
  isPlatform: true,
  configSchema,
  secretConfigKeys: ['secret'],
  events: WEBHOOK_EVENTS,
  schedules: [],
};

export type SignedWebhooksConfig = z.output<typeof configSchema>;

import { z } from 'zod';
import type { PluginManifest } from '../../src/plugin-definition.ts';

const configSchema = z.strictObject({
  inactiveDays: z.number().int().min(7).max(730).default(60)
    .describe('Days since the last completed visit after which a customer gets a win-back message.'),
  message: z.string().trim().max(500).optional()
    .describe('Your own words for the message (an offer, a personal note).'),
});

export const customerWinBackManifest: PluginManifest<typeof configSchema> = {
  slug: 'customer-win-back',
  name: 'Customer Win-Back',
  author: 'Smooth Schedule',
  version: '1.0.0',
  shortDescription: 'Invites back customers you have not seen for a while.',
  description: [
    'Regulars drift away quietly. Customer Win-Back finds active customers whose last completed visit is older than the number of days you choose and writes them a friendly invitation to book again.',
    'It runs once a day and never writes twice for the same lapse: a customer hears from you again only after a new visit and a new quiet spell.',
    '- Choose the quiet spell: 7 to 730 days.',
    '- Customers with an upcoming appointment, blocked or inactive customers and customers without an email are skipped.',
    '- Add your own message, such as an offer.',
  ].join('\n\n'),
  category: 'customers',
  isPlatform: true,
  configSchema,
  events: [],
  schedules: [{ name: 'daily-win-back', cron: '15 * * * *' }],
};

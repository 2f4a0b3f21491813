import { z } from 'zod';
import type { PluginManifest } from '../../src/plugin-definition.ts';

const configSchema = z.strictObject({
  maxNoShows: z.number().int().min(1).max(50).default(3)
    .describe('No-shows after which the customer is blocked from booking.'),
});

export const noShowTrackerManifest: PluginManifest<typeof configSchema> = {
  slug: 'no-show-tracker',
  name: 'No-Show Tracker',
  author: 'Smooth Schedule',
  version: '1.0.0',
  shortDescription: 'Counts missed appointments and blocks customers after too many no-shows.',
  description: [
    'Protect your calendar from repeat no-shows. No-Show Tracker counts every appointment marked as a no-show and flags the customer once they reach the limit you set.',
    'A flagged customer is set to BLOCKED and tagged `no-show`, so new bookings for them are refused until someone on your team sets them back to active.',
    '- Choose the limit: block after 1 to 50 no-shows.',
    '- Counts the customer\'s whole history, not only new no-shows.',
    '- Never unblocks on its own: lifting a block stays a human decision.',
  ].join('\n\n'),
  category: 'customers',
  isPlatform: true,
  configSchema,
  events: ['no_show'],
  schedules: [],
};

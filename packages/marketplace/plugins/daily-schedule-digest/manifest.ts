import { z } from 'zod';
import type { PluginManifest } from '../../src/plugin-definition.ts';

const configSchema = z.strictObject({
  sendAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'sendAt must be HH:MM (24-hour)').default('07:00')
    .describe('Local time (the business timezone) at which each day\'s digest is written.'),
  includeEmptyDays: z.boolean().default(false)
    .describe('Also write a digest for staff with nothing booked that day.'),
});

export const dailyScheduleDigestManifest: PluginManifest<typeof configSchema> = {
  slug: 'daily-schedule-digest',
  name: 'Daily Schedule Digest',
  author: 'Smooth Schedule',
  version: '1.0.0',
  shortDescription: 'Sends each staff member the day\'s appointments every morning.',
  description: [
    'Start every day knowing what is ahead. Daily Schedule Digest writes one message per staff member with the appointments on their resources for the local day.',
    'The digest is written at the time you choose in your business timezone, daylight saving included, and lists each appointment with its time, service and customer.',
    '- One digest per staff member per day, never two.',
    '- Cancelled appointments are left out.',
    '- Optionally a short "nothing booked today" note for quiet days.',
  ].join('\n\n'),
  category: 'notifications',
  isPlatform: true,
  configSchema,
  events: [],
  schedules: [{ name: 'morning-digest', cron: '* * * * *' }],
};

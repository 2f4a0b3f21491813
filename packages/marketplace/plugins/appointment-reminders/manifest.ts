import { z } from 'zod';
import type { PluginManifest } from '../../src/plugin-definition.ts';

const configSchema = z.strictObject({
  hoursBefore: z.number().int().min(1).max(168).default(24)
    .describe('How many hours before the appointment the reminder is written.'),
  message: z.string().trim().max(500).optional()
    .describe('An extra line added to every reminder (directions, what to bring).'),
});

export const appointmentRemindersManifest: PluginManifest<typeof configSchema> = {
  slug: 'appointment-reminders',
  name: 'Appointment Reminders',
  author: 'Smooth Schedule',
  version: '1.0.0',
  shortDescription: 'Reminds customers of their upcoming appointments a set number of hours ahead.',
  description: [
    'Fewer empty chairs start with a timely nudge. Appointment Reminders writes a reminder for every pending or confirmed appointment when it comes within the number of hours you choose.',
    'Reminders land in your notification outbox, addressed to the customer, with the service, the time in your business timezone and your own extra line.',
    '- Choose the lead time: from 1 hour to 7 days before the appointment.',
    '- Rescheduled appointments are reminded again at their new time; cancelled ones are not reminded.',
    '- Each appointment is reminded once, however often the scheduler runs.',
  ].join('\n\n'),
  category: 'notifications',
  isPlatform: true,
  configSchema,
  events: [],
  schedules: [{ name: 'due-reminders', cron: '* * * * *' }],
};

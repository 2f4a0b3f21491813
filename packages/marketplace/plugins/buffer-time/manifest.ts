import { z } from 'zod';
import type { PluginManifest } from '../../src/plugin-definition.ts';

const configSchema = z.strictObject({
  minutes: z.number().int().min(0).max(240).default(10)
    .describe('Minutes kept free after every appointment, on top of each service\'s own buffer.'),
});

export const bufferTimeManifest: PluginManifest<typeof configSchema> = {
  slug: 'buffer-time',
  name: 'Buffer Time',
  author: 'Smooth Schedule',
  version: '1.0.0',
  shortDescription: 'Keeps a few minutes free after every appointment for cleanup or travel.',
  description: [
    'Back-to-back bookings leave no time to reset. Buffer Time keeps the minutes you choose free after every appointment, across all services and resources.',
    'The buffer shapes the free slots your customers see and is stored with each new booking, so the database refuses anything that would eat into it.',
    '- From 0 to 240 minutes, added to each service\'s own buffer.',
    '- Takes effect on the next availability search, no restart needed.',
    '- Existing appointments keep the buffer they were booked with.',
  ].join('\n\n'),
  category: 'scheduling',
  isPlatform: true,
  configSchema,
  events: [],
  schedules: [],
};

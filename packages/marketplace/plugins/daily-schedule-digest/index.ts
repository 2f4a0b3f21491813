import { definePlugin } from '../../src/plugin-definition.ts';
import { dailyScheduleDigestHandlers } from './handlers.ts';
import { dailyScheduleDigestManifest } from './manifest.ts';

export const dailyScheduleDigestPlugin = definePlugin({ manifest: dailyScheduleDigestManifest, handlers: dailyScheduleDigestHandlers });

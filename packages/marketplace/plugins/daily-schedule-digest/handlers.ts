import type { ConfigOf, PluginHandlers } from '../../src/plugin-definition.ts';
import type { dailyScheduleDigestManifest } from './manifest.ts';

export const dailyScheduleDigestHandlers: PluginHandlers<ConfigOf<typeof dailyScheduleDigestManifest>> = {};

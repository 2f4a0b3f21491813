import type { ConfigOf, PluginHandlers } from '../../src/plugin-definition.ts';
import type { noShowTrackerManifest } from './manifest.ts';

export const noShowTrackerHandlers: PluginHandlers<ConfigOf<typeof noShowTrackerManifest>> = {};

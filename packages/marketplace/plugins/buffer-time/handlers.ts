import type { ConfigOf, PluginHandlers } from '../../src/plugin-definition.ts';
import type { bufferTimeManifest } from './manifest.ts';

export const bufferTimeHandlers: PluginHandlers<ConfigOf<typeof bufferTimeManifest>> = {};

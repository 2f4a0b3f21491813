import type { ConfigOf, PluginHandlers } from '../../src/plugin-definition.ts';
import type { customerWinBackManifest } from './manifest.ts';

export const customerWinBackHandlers: PluginHandlers<ConfigOf<typeof customerWinBackManifest>> = {};

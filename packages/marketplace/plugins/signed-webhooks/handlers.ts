import type { ConfigOf, PluginHandlers } from '../../src/plugin-definition.ts';
import type { signedWebhooksManifest } from './manifest.ts';

export const signedWebhooksHandlers: PluginHandlers<ConfigOf<typeof signedWebhooksManifest>> = {};

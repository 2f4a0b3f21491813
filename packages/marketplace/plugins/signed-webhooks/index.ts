import { definePlugin } from '../../src/plugin-definition.ts';
import { signedWebhooksHandlers } from './handlers.ts';
import { signedWebhooksManifest } from './manifest.ts';

export const signedWebhooksPlugin = definePlugin({ manifest: signedWebhooksManifest, handlers: signedWebhooksHandlers });

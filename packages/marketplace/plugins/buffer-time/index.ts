import { definePlugin } from '../../src/plugin-definition.ts';
import { bufferTimeHandlers } from './handlers.ts';
import { bufferTimeManifest } from './manifest.ts';

export const bufferTimePlugin = definePlugin({ manifest: bufferTimeManifest, handlers: bufferTimeHandlers });

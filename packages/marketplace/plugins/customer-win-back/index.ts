import { definePlugin } from '../../src/plugin-definition.ts';
import { customerWinBackHandlers } from './handlers.ts';
import { customerWinBackManifest } from './manifest.ts';

export const customerWinBackPlugin = definePlugin({ manifest: customerWinBackManifest, handlers: customerWinBackHandlers });

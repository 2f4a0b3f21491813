import { definePlugin } from '../../src/plugin-definition.ts';
import { noShowTrackerHandlers } from './handlers.ts';
import { noShowTrackerManifest } from './manifest.ts';

export const noShowTrackerPlugin = definePlugin({ manifest: noShowTrackerManifest, handlers: noShowTrackerHandlers });

import type { ConfigOf, PluginHandlers } from '../../src/plugin-definition.ts';
import type { appointmentRemindersManifest } from './manifest.ts';

export const appointmentRemindersHandlers: PluginHandlers<ConfigOf<typeof appointmentRemindersManifest>> = {};

import { definePlugin } from '../../src/plugin-definition.ts';
import { appointmentRemindersHandlers } from './handlers.ts';
import { appointmentRemindersManifest } from './manifest.ts';

export const appointmentRemindersPlugin = definePlugin({ manifest: appointmentRemindersManifest, handlers: appointmentRemindersHandlers });

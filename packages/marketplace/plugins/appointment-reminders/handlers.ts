import type { ConfigOf, PluginHandlers } from '../../src/plugin-definition.ts';
import type { appointmentRemindersManifest } from './manifest.ts';
import { writeDueReminders } from './reminder-writer.ts';

export const appointmentRemindersHandlers: PluginHandlers<ConfigOf<typeof appointmentRemindersManifest>> = {
  async onSchedule(scheduleName, context) {
    if (scheduleName !== 'due-reminders') return;
    const written = await writeDueReminders('appointment-reminders', context);
    if (written > 0) context.log.info({ written }, 'reminders written');
  },
};

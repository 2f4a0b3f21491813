import type { ConfigOf, PluginHandlers } from '../../src/plugin-definition.ts';
import { writeDueDigests } from './digest-writer.ts';
import type { dailyScheduleDigestManifest } from './manifest.ts';

export const dailyScheduleDigestHandlers: PluginHandlers<ConfigOf<typeof dailyScheduleDigestManifest>> = {
  async onSchedule(scheduleName, context) {
    if (scheduleName !== 'morning-digest') return;
    const written = await writeDueDigests('daily-schedule-digest', context);
    if (written > 0) context.log.info({ written }, 'schedule digests written');
  },
};

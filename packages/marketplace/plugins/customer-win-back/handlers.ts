import type { ConfigOf, PluginHandlers } from '../../src/plugin-definition.ts';
import type { customerWinBackManifest } from './manifest.ts';
import { writeWinBacks } from './win-back-writer.ts';

export const customerWinBackHandlers: PluginHandlers<ConfigOf<typeof customerWinBackManifest>> = {
  async onSchedule(scheduleName, context) {
    if (scheduleName !== 'daily-win-back') return;
    const written = await writeWinBacks('customer-win-back', context);
    if (written > 0) context.log.info({ written }, 'win-back messages written');
  },
};

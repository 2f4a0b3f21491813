/** Every plugin the platform ships: the catalog is synced from this list, and nothing else registers plugins. */
import type { PluginDefinition } from '../src/plugin-definition.ts';
import { appointmentRemindersPlugin } from './appointment-reminders/index.ts';
import { bufferTimePlugin } from './buffer-time/index.ts';
import { customerWinBackPlugin } from './customer-win-back/index.ts';
import { dailyScheduleDigestPlugin } from './daily-schedule-digest/index.ts';
import { noShowTrackerPlugin } from './no-show-tracker/index.ts';
import { signedWebhooksPlugin } from './signed-webhooks/index.ts';

export const PLATFORM_PLUGINS: readonly PluginDefinition[] = [
  appointmentRemindersPlugin,
  dailyScheduleDigestPlugin,
  noShowTrackerPlugin,
  bufferTimePlugin,
  customerWinBackPlugin,
  signedWebhooksPlugin,
] as readonly PluginDefinition[];

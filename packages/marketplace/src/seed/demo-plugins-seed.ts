/**
 * The demo tenant's plugins (SPEC §10: seeded "with the 6 plugins"): each platform plugin installed with a config
 * that shows it off; the webhook one posts to example.com with a fresh random secret. Idempotent like the other
 * demo seeds: it installs only when the tenant has no plugin at all (a plugin uninstalled later stays
 * uninstalled), and never beyond the tenant's tier.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '@smoothschedule/db';
import { TIER_LIMITS } from '@smoothschedule/tenancy';
import { PLATFORM_PLUGINS } from '../../plugins/index.ts';
import { parsePluginConfig } from '../installations/plugin-config.ts';
import type { PluginDefinition } from '../plugin-definition.ts';

export const DEMO_WEBHOOK_URL = 'https://example.com/webhooks/smooth-schedule';

/** Demo configs by slug (the rest is each schema's defaults). */
export function demoPluginConfigs(): Record<string, Record<string, unknown>> {
  return {
    'appointment-reminders': { hoursBefore: 24, message: 'See you soon at Demo Company!' },
    'daily-schedule-digest': { sendAt: '07:30' },
    'no-show-tracker': { maxNoShows: 3 },
    'buffer-time': { minutes: 5 },
    'customer-win-back': { inactiveDays: 60, message: 'We miss you! Book your next visit at Demo Company.' },
    'signed-webhooks': { url: DEMO_WEBHOOK_URL, secret: randomBytes(32).toString('hex') },
  };
}

export async function seedDemoPlugins(
  database: Database,
  tenantId: string,
  plugins: readonly PluginDefinition[] = PLATFORM_PLUGINS,
): Promise<{ installed: string[] }> {
  const shared = database.shared;
  if ((await shared.pluginInstallation.count({ where: { tenantId } })) > 0) return { installed: [] };
  const tenant = await shared.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { subscriptionTier: true } });
  const limit = TIER_LIMITS[tenant.subscriptionTier].plugins ?? plugins.length;
  const configs = demoPluginConfigs();
  const templates = await shared.pluginTemplate.findMany({ where: { slug: { in: plugins.map((plugin) => plugin.manifest.slug) } } });
  const rows = plugins.slice(0, limit).flatMap((plugin) => {
    const template = templates.find((row) => row.slug === plugin.manifest.slug);
    if (!template) return []; // the catalog sync runs first; a missing row means it did not
    return [{ tenantId, pluginId: template.id, config: parsePluginConfig(plugin.manifest, configs[plugin.manifest.slug] ?? {}) as object }];
  });
  await shared.pluginInstallation.createMany({ data: rows, skipDuplicates: true });
  return { installed: rows.map((row) => templates.find((template) => template.id === row.pluginId)!.slug) };
}

/**
 * Writes the plugin folders into the catalog (plugin_templates), so that the code and the catalog never disagree:
 * the migrate step, the seed and every start call it after migrating. Each manifest is upserted by slug (only when
 * something changed, so a second run writes nothing and createdAt survives); a row whose plugin folder is gone is
 * deleted, unless some tenant still has it installed (deleting would cascade to their installations): that row is
 * kept and reported. One transaction, under a lock, so concurrent syncs (two processes starting) queue up.
 */
import type { SharedClient } from '@smoothschedule/db';
import { z } from 'zod';
import { PLATFORM_PLUGINS } from '../../plugins/index.ts';
import type { PluginDefinition, PluginManifest } from '../plugin-definition.ts';

export interface CatalogSyncReport {
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Rows of plugins no longer shipped, deleted (nobody had them installed). */
  removed: string[];
  /** Rows of plugins no longer shipped, kept because tenants still have them installed. */
  keptInstalled: string[];
}

/** The catalog row a manifest becomes (configSchema as JSON Schema of what clients send). */
export function catalogRowOf(manifest: PluginManifest) {
  return {
    slug: manifest.slug,
    name: manifest.name,
    author: manifest.author,
    version: manifest.version,
    shortDescription: manifest.shortDescription,
    description: manifest.description,
    category: manifest.category,
    isPlatform: manifest.isPlatform,
    // JSON round trip: a plain JSON value as jsonb stores it (no undefined members), comparable with stored rows.
    configSchema: JSON.parse(JSON.stringify(z.toJSONSchema(manifest.configSchema, { io: 'input' }))) as object,
    events: [...manifest.events],
    schedules: manifest.schedules.map((schedule) => `${schedule.name} ${schedule.cron}`),
  };
}

type CatalogRow = ReturnType<typeof catalogRowOf>;

/** JSON with object keys sorted: jsonb does not keep key order, so equality is compared this way. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, field]) => field !== undefined);
    entries.sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonical(field)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sameRow(stored: Record<string, unknown>, wanted: CatalogRow): boolean {
  return (Object.keys(wanted) as Array<keyof CatalogRow>).every((key) => canonical(stored[key]) === canonical(wanted[key]));
}

export async function syncPluginCatalog(
  shared: SharedClient,
  plugins: readonly PluginDefinition[] = PLATFORM_PLUGINS,
): Promise<CatalogSyncReport> {
  const wanted = plugins.map((plugin) => catalogRowOf(plugin.manifest));
  const slugs = wanted.map((row) => row.slug);
  if (new Set(slugs).size !== slugs.length) throw new Error(`Two plugins share a slug: ${slugs.join(', ')}`);
  const report: CatalogSyncReport = { created: [], updated: [], unchanged: [], removed: [], keptInstalled: [] };

  await shared.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext('plugin-catalog-sync'))`;
    const stored = await tx.pluginTemplate.findMany();
    const bySlug = new Map(stored.map((row) => [row.slug, row]));
    for (const row of wanted) {
      const existing = bySlug.get(row.slug);
      if (!existing) {
        await tx.pluginTemplate.create({ data: row });
        report.created.push(row.slug);
      } else if (sameRow(existing as unknown as Record<string, unknown>, row)) {
        report.unchanged.push(row.slug);
      } else {
        await tx.pluginTemplate.update({ where: { id: existing.id }, data: row });
        report.updated.push(row.slug);
      }
    }
    for (const gone of stored.filter((row) => !slugs.includes(row.slug))) {
      const installs = await tx.pluginInstallation.count({ where: { pluginId: gone.id } });
      if (installs > 0) {
        report.keptInstalled.push(gone.slug);
        continue;
      }
      await tx.pluginTemplate.delete({ where: { id: gone.id } });
      report.removed.push(gone.slug);
    }
  });
  return report;
}

/** One line for CLIs: what the sync changed, and any withdrawn plugin still installed somewhere. */
export function formatCatalogSyncReport(report: CatalogSyncReport): string {
  const parts = [
    `${report.created.length} added`,
    `${report.updated.length} updated`,
    `${report.unchanged.length} unchanged`,
    `${report.removed.length} removed`,
  ];
  const kept = report.keptInstalled.length > 0
    ? `; kept ${report.keptInstalled.join(', ')} (no longer shipped but still installed by tenants)`
    : '';
  return `Plugin catalog: ${parts.join(', ')}${kept}`;
}

/**
 * Which tenants have which plugins, read from the shared schema for the runtime. Every read is one indexed query;
 * nothing is cached, so an uninstall or a config change takes effect on the very next event or job.
 */
import type { Database } from '@smoothschedule/db';
import type { PluginTenant } from '../plugin-definition.ts';

export interface InstalledPlugin {
  slug: string;
  /** As stored: validated at install time, parsed again (for defaults) by the runtime before use. */
  config: unknown;
}

export interface TenantInstallation {
  tenant: PluginTenant;
  config: unknown;
}

export interface InstallationDirectory {
  /** The tenant (unless it is suspended or gone) and its installations among `slugs`. */
  installedIn(tenantId: string, slugs: readonly string[]): Promise<{ tenant: PluginTenant; plugins: InstalledPlugin[] } | null>;
  /** Every tenant (not suspended) that has the plugin installed, with its config. */
  tenantsWith(slug: string): Promise<TenantInstallation[]>;
}

const tenantFields = { id: true, schemaName: true, timezone: true } as const;

export function createInstallationDirectory(database: Database): InstallationDirectory {
  const shared = database.shared;
  return {
    async installedIn(tenantId, slugs) {
      if (slugs.length === 0) return null;
      const tenant = await shared.tenant.findFirst({
        where: { id: tenantId, status: { not: 'SUSPENDED' } },
        select: {
          ...tenantFields,
          pluginInstalls: { where: { plugin: { slug: { in: [...slugs] } } }, select: { config: true, plugin: { select: { slug: true } } } },
        },
      });
      if (!tenant) return null;
      return {
        tenant: { id: tenant.id, schemaName: tenant.schemaName, timezone: tenant.timezone },
        plugins: tenant.pluginInstalls.map((install) => ({ slug: install.plugin.slug, config: install.config })),
      };
    },
    async tenantsWith(slug) {
      const installs = await shared.pluginInstallation.findMany({
        where: { plugin: { slug }, tenant: { status: { not: 'SUSPENDED' } } },
        select: { config: true, tenant: { select: tenantFields } },
        orderBy: { installedAt: 'asc' },
      });
      return installs.map((install) => ({ tenant: install.tenant, config: install.config }));
    },
  };
}

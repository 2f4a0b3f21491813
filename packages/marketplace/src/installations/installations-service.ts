/**
 * Installing, configuring and uninstalling plugins for the calling tenant. The catalog row names the plugin; the
 * code's manifest validates its config (a plugin no longer shipped can only be uninstalled). Every write is one
 * statement or one transaction, after validation, so a refused request changes nothing.
 */
import type { PluginDefinition, PluginManifest } from '../plugin-definition.ts';
import { PluginNotFoundError, PluginNotInstalledError, PluginWithdrawnError } from '../marketplace-errors.ts';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import type { InstallationRepository, InstallationRow } from './installations-repository.ts';
import { mergeConfig, parsePluginConfig, type StoredConfig } from './plugin-config.ts';

export interface TenantCaller {
  tenantId: string;
  userId: string;
}

export interface InstalledPlugin {
  installation: InstallationRow;
  /** The secret keys of the plugin's manifest; for a plugin no longer shipped, every key (nothing is known). */
  secretKeys: readonly string[];
}

export type InstallationsService = ReturnType<typeof createInstallationsService>;

export function createInstallationsService(deps: {
  catalog: CatalogRepository;
  installations: InstallationRepository;
  plugins: readonly PluginDefinition[];
}) {
  const { catalog, installations, plugins } = deps;
  const manifestOf = (slug: string): PluginManifest | undefined => plugins.find((plugin) => plugin.manifest.slug === slug)?.manifest;
  const view = (installation: InstallationRow): InstalledPlugin => {
    const manifest = manifestOf(installation.plugin.slug);
    const secretKeys = manifest ? manifest.secretConfigKeys ?? [] : Object.keys(installation.config as object);
    return { installation, secretKeys };
  };

  async function templateOf(slug: string) {
    const template = await catalog.findBySlug(slug);
    if (!template) throw new PluginNotFoundError();
    return template;
  }

  function shippedManifest(slug: string): PluginManifest {
    const manifest = manifestOf(slug);
    if (!manifest) throw new PluginWithdrawnError();
    return manifest;
  }

  return {
    async list(tenantId: string): Promise<InstalledPlugin[]> {
      return (await installations.listForTenant(tenantId)).map(view);
    },

    /** Installing twice returns the first installation unchanged (created false); use configure to change it. */
    async install(caller: TenantCaller, slug: string, config: StoredConfig): Promise<InstalledPlugin & { created: boolean }> {
      const template = await templateOf(slug);
      const parsed = parsePluginConfig(shippedManifest(slug), config);
      const result = await installations.install(caller.tenantId, template.id, parsed, caller.userId);
      return { ...view(result.installation), created: result.created };
    },

    async configure(caller: TenantCaller, slug: string, patch: StoredConfig): Promise<InstalledPlugin> {
      const template = await templateOf(slug);
      const manifest = shippedManifest(slug);
      const updated = await installations.updateConfig(caller.tenantId, template.id, (stored) =>
        parsePluginConfig(manifest, mergeConfig(stored, patch)));
      return view(updated);
    },

    async uninstall(caller: TenantCaller, slug: string): Promise<void> {
      const template = await templateOf(slug);
      if (!(await installations.remove(caller.tenantId, template.id))) throw new PluginNotInstalledError();
    },
  };
}

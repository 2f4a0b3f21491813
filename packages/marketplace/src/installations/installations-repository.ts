/**
 * plugin_installations (shared schema), always scoped by tenant id. Installing counts and inserts under the
 * tenant's plugin-limit lock in one transaction, so concurrent installs queue up: at most one row per plugin
 * (the unique index backs this up) and never more plugins than the tier allows.
 */
import type { SharedClient } from '@smoothschedule/db';
import { TierLimitReachedError } from '@smoothschedule/scheduling';
import { TIER_LIMITS } from '@smoothschedule/tenancy';
import { PluginNotInstalledError } from '../marketplace-errors.ts';
import type { StoredConfig } from './plugin-config.ts';

const withPlugin = { plugin: { select: { id: true, slug: true, name: true, version: true, category: true, shortDescription: true } } } as const;

export type InstallationRepository = ReturnType<typeof createInstallationRepository>;

export function createInstallationRepository(shared: SharedClient) {
  return {
    find(tenantId: string, pluginId: string) {
      return shared.pluginInstallation.findUnique({ where: { tenantId_pluginId: { tenantId, pluginId } }, include: withPlugin });
    },

    listForTenant(tenantId: string) {
      return shared.pluginInstallation.findMany({ where: { tenantId }, include: withPlugin, orderBy: { installedAt: 'asc' } });
    },

    /** The existing installation (created false), or a new one if the tier allows another plugin. */
    async install(tenantId: string, pluginId: string, config: StoredConfig, installedById: string) {
      return shared.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext(${`plugin-limit:${tenantId}`}))`;
        const existing = await tx.pluginInstallation.findUnique({ where: { tenantId_pluginId: { tenantId, pluginId } }, include: withPlugin });
        if (existing) return { installation: existing, created: false };
        // The tier as stored now (the host cache may be a few seconds old after an upgrade or downgrade).
        const { subscriptionTier } = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { subscriptionTier: true } });
        const limit = TIER_LIMITS[subscriptionTier].plugins;
        if (limit !== null && (await tx.pluginInstallation.count({ where: { tenantId } })) >= limit) {
          throw new TierLimitReachedError(subscriptionTier, limit, limit === 1 ? 'plugin' : 'plugins');
        }
        const installation = await tx.pluginInstallation.create({
          data: { tenantId, pluginId, config: config as object, installedById },
          include: withPlugin,
        });
        return { installation, created: true };
      });
    },

    /**
     * Rewrites the config under a row lock (concurrent PATCHes merge one after the other, none is lost); `change`
     * gets the stored config and returns the new one, or throws (then nothing is written).
     */
    async updateConfig(tenantId: string, pluginId: string, change: (stored: StoredConfig) => StoredConfig) {
      return shared.$transaction(async (tx) => {
        const rows = await tx.$queryRaw<Array<{ id: string; config: StoredConfig }>>`
          SELECT id::text AS id, config FROM public.plugin_installations
          WHERE tenant_id = ${tenantId}::uuid AND plugin_id = ${pluginId}::uuid FOR UPDATE`;
        const row = rows[0];
        if (!row) throw new PluginNotInstalledError();
        const config = change(row.config);
        return tx.pluginInstallation.update({ where: { id: row.id }, data: { config: config as object }, include: withPlugin });
      });
    },

    /** Whether there was an installation to remove. */
    async remove(tenantId: string, pluginId: string): Promise<boolean> {
      const { count } = await shared.pluginInstallation.deleteMany({ where: { tenantId, pluginId } });
      return count > 0;
    },
  };
}

export type InstallationRow = NonNullable<Awaited<ReturnType<InstallationRepository['find']>>>;

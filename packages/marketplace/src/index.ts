export {
  PLUGIN_CATEGORIES,
  definePlugin,
  type ConfigOf,
  type PluginCategory,
  type PluginContext,
  type PluginDefinition,
  type PluginHandlers,
  type PluginJobPayload,
  type PluginManifest,
  type PluginTenant,
} from './plugin-definition.ts';
export type { JobHandler, JobQueue, SendOptions } from './jobs/job-queue.ts';
export { PLATFORM_PLUGINS } from '../plugins/index.ts';
export { marketplace, type MarketplacePluginOptions } from './marketplace-plugin.ts';
export { createInProcessJobQueue } from './jobs/in-process-job-queue.ts';
export { catalogRowOf, formatCatalogSyncReport, syncPluginCatalog, type CatalogSyncReport } from './catalog/catalog-sync.ts';
export { PluginNotFoundError, PluginNotInstalledError, PluginWithdrawnError, RatingRequiresInstallError } from './marketplace-errors.ts';
export { DEMO_WEBHOOK_URL, demoPluginConfigs, seedDemoPlugins } from './seed/demo-plugins-seed.ts';

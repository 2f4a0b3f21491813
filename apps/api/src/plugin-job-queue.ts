/**
 * The job queue marketplace plugins run on, chosen from the configuration: pg-boss on the platform's own
 * PostgreSQL and its own pool (so connections stay within DATABASE_POOL_SIZE), or the in-process queue (tests,
 * throwaway development: nothing survives a restart and cron schedules do not fire).
 */
import type { Database } from '@smoothschedule/db';
import { createInProcessJobQueue, createPgBossJobQueue, type JobQueue } from '@smoothschedule/marketplace';
import type { FastifyBaseLogger } from 'fastify';
import type { AppConfig } from './config.ts';

export function createPluginJobQueue(config: AppConfig, database: Database, log: FastifyBaseLogger): JobQueue {
  if (config.jobQueue.kind === 'in-process') return createInProcessJobQueue({ logger: log });
  return createPgBossJobQueue({ pool: database.pool, logger: log, pollingIntervalSeconds: config.jobQueue.pollSeconds });
}

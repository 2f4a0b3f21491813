/**
 * The job queue marketplace plugins run on, chosen from the configuration: pg-boss on the platform's PostgreSQL,
 * or the in-process queue (tests, throwaway development).
 */
import type { Database } from '@smoothschedule/db';
import { createInProcessJobQueue, type JobQueue } from '@smoothschedule/marketplace';
import type { FastifyBaseLogger } from 'fastify';
import type { AppConfig } from './config.ts';

export function createPluginJobQueue(config: AppConfig, database: Database, log: FastifyBaseLogger): JobQueue {
  void database;
  if (config.jobQueue.kind === 'in-process') {
    return createInProcessJobQueue({ onError: (error, queue) => log.warn({ err: error, queue }, 'plugin job failed') });
  }
  throw new Error('JOB_QUEUE=postgres: the pg-boss queue is not wired yet');
}

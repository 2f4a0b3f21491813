import pg from 'pg';
import { createDatabase, type Database } from '@smoothschedule/db';
import { createMigratedTestDatabase, type TestDatabase } from '@smoothschedule/db/testing';
import type { JobHandler, JobQueue } from '../src/jobs/job-queue.ts';
import type { JobQueueLogger } from '../src/jobs/job-queue-logger.ts';
import { createInProcessJobQueue } from '../src/jobs/in-process-job-queue.ts';
import {
  PG_BOSS_MIN_POLLING_INTERVAL_SECONDS,
  createPgBossJobQueue,
  type PgBossJobQueueOptions,
} from '../src/jobs/pg-boss-job-queue.ts';

/** A logger that keeps what it is given, so a test can assert that nothing went wrong unnoticed. */
export function recordingLogger() {
  const errors: { details: object; message: string }[] = [];
  const warnings: { details: object; message: string }[] = [];
  const logger: JobQueueLogger = {
    error: (details, message) => errors.push({ details, message }),
    warn: (details, message) => warnings.push({ details, message }),
  };
  return { logger, errors, warnings };
}

/** A handler that records each job's data, and a way to wait until `count` have arrived. */
export function collector(onJob: (data: Record<string, unknown>) => void | Promise<void> = () => undefined) {
  const received: Record<string, unknown>[] = [];
  let waiters: (() => boolean)[] = [];
  const handler: JobHandler = async (data) => {
    await onJob(data);
    received.push(data);
    waiters = waiters.filter((settled) => !settled());
  };
  function until(count: number): Promise<void> {
    return new Promise((resolve) => {
      const settled = () => (received.length >= count ? (resolve(), true) : false);
      if (!settled()) waiters.push(settled);
    });
  }
  return { received, handler, until };
}

export interface QueueWorld {
  /** A new, unstarted queue of this implementation. */
  create(): JobQueue;
  /** Resolves when the queue has nothing due or running (completed jobs recorded as such). */
  drained(queue: JobQueue, name: string): Promise<void>;
  close(): Promise<void>;
}

export function inProcessWorld(logger: JobQueueLogger): QueueWorld {
  return {
    create: () => createInProcessJobQueue({ retryLimit: 3, logger }),
    drained: (queue) => (queue as ReturnType<typeof createInProcessJobQueue>).idle(),
    close: async () => undefined,
  };
}

export interface PgBossWorld extends QueueWorld {
  testDb: TestDatabase;
  database: Database;
  createWith(overrides?: Partial<PgBossJobQueueOptions>): JobQueue;
  /** Jobs of a queue that are still due or running. */
  pending(name: string): Promise<number>;
}

/** pg-boss on a throwaway, migrated database, polling at pg-boss's minimum and retrying at once. */
export async function pgBossWorld(logger: JobQueueLogger, poolSize = 4): Promise<PgBossWorld> {
  const testDb = await createMigratedTestDatabase();
  const database = createDatabase({ connectionString: testDb.url, poolSize });
  const createWith = (overrides: Partial<PgBossJobQueueOptions> = {}) =>
    createPgBossJobQueue({
      pool: database.pool,
      logger,
      pollingIntervalSeconds: PG_BOSS_MIN_POLLING_INTERVAL_SECONDS,
      retry: { limit: 3, delaySeconds: 0, backoff: false },
      stopTimeoutMs: 5_000,
      ...overrides,
    });
  async function pending(name: string): Promise<number> {
    const { rows } = await database.pool.query<{ count: string }>(
      `SELECT count(*) FROM pgboss.job WHERE name = $1 AND state < 'completed' AND start_after <= now()`,
      [name],
    );
    return Number(rows[0]!.count);
  }
  return {
    testDb,
    database,
    createWith,
    create: () => createWith(),
    pending,
    async drained(_queue, name) {
      while ((await pending(name)) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    },
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}

/** A connection to the server's admin database, which does not count against the test database. */
export function adminClient(adminUrl: string): pg.Client {
  return new pg.Client({ connectionString: adminUrl });
}

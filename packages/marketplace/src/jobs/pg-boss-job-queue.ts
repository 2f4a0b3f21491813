import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { JobHandler, JobQueue, SendOptions } from './job-queue.ts';
import type { JobQueueLogger } from './job-queue-logger.ts';
import { clientExecutor, createPgBossPoolExecutor } from './pg-boss-pool-executor.ts';
import { startWorkerLoop, type WorkerLoop } from './pg-boss-worker-loop.ts';

/** pg-boss 10 refuses polling intervals below this (attorney.js, MIN_POLLING_INTERVAL_MS). */
export const PG_BOSS_MIN_POLLING_INTERVAL_SECONDS = 0.5;

export interface JobRetryOptions {
  /** Retries after the first attempt. */
  limit?: number;
  delaySeconds?: number;
  /** Exponential backoff from delaySeconds (pg-boss makes the delay at least 1 s then). */
  backoff?: boolean;
}

export interface PgBossJobQueueOptions {
  /** The platform's pool (`database.pool`): pg-boss runs on it and opens no connection of its own. */
  pool: pg.Pool;
  logger: JobQueueLogger;
  /** PostgreSQL schema of pg-boss's tables, created on start. */
  schema?: string;
  /** How often an idle queue is polled; at least 0.5 s (pg-boss's minimum). */
  pollingIntervalSeconds?: number;
  /** Handlers of one queue running at once in this process. */
  concurrency?: number;
  /** Applied when a queue is created (an existing queue keeps its settings). */
  retry?: JobRetryOptions;
  /** A job still active after this long is failed by pg-boss's maintenance (and retried). */
  expireInSeconds?: number;
  /** stop() waits this long for running handlers, then fails their jobs so they are retried. */
  stopTimeoutMs?: number;
}

export type PgBossJobQueue = JobQueue;

const SINGLETON_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`;

/**
 * The durable job queue: pg-boss 10 on the platform's PostgreSQL. Queues are created on first use; handlers given to
 * work() are remembered, run while the queue is started and resume after stop() and start().
 */
export function createPgBossJobQueue(options: PgBossJobQueueOptions): PgBossJobQueue {
  const schema = options.schema ?? 'pgboss';
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
  if (pollingIntervalSeconds < PG_BOSS_MIN_POLLING_INTERVAL_SECONDS) {
    throw new RangeError(`pollingIntervalSeconds must be at least ${PG_BOSS_MIN_POLLING_INTERVAL_SECONDS}`);
  }
  const { logger, pool } = options;
  const retry = { limit: 3, delaySeconds: 1, backoff: true, ...options.retry };
  const executor = createPgBossPoolExecutor(pool);
  const handlers = new Map<string, JobHandler>();
  let boss: PgBoss | null = null;
  let queues = new Map<string, Promise<void>>();
  let loops = new Map<string, WorkerLoop>();
  let starting: Promise<void> | null = null;
  let stopping: Promise<void> | null = null;

  function started(): PgBoss {
    if (!boss || stopping) throw new Error('the job queue is not started');
    return boss;
  }

  function ensureQueue(queue: string): Promise<void> {
    const current = started();
    let created = queues.get(queue);
    if (!created) {
      created = current.createQueue(queue, {
        name: queue,
        retryLimit: retry.limit,
        retryDelay: retry.delaySeconds,
        retryBackoff: retry.backoff,
        expireInSeconds: options.expireInSeconds ?? 15 * 60,
      });
      created.catch(() => queues.delete(queue));
      queues.set(queue, created);
    }
    return created;
  }

  async function runWorker(queue: string) {
    await ensureQueue(queue);
    if (loops.has(queue) || !boss) return;
    const handler = handlers.get(queue)!;
    const loop = startWorkerLoop({
      boss,
      queue,
      handler,
      logger,
      pollingIntervalMs: pollingIntervalSeconds * 1000,
      concurrency: options.concurrency ?? 4,
    });
    loops.set(queue, loop);
  }

  /** The key check and the insert share one transaction under a lock on (queue, key), so racing sends cannot both win. */
  async function sendSingleton(current: PgBoss, queue: string, data: object, startAfter: Date | undefined, key: string) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(SINGLETON_LOCK_SQL, [`${schema}.${queue}.${key}`]);
      const existing = await client.query(
        `SELECT 1 FROM ${schema}.job WHERE name = $1 AND singleton_key = $2 AND state < 'completed' LIMIT 1`,
        [queue, key],
      );
      const id = existing.rowCount ? null : await current.send(queue, data, { startAfter, singletonKey: key, db: clientExecutor(client) });
      await client.query('COMMIT');
      return id;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  function start(): Promise<void> {
    if (stopping) return stopping.then(start);
    starting ??= (async () => {
      // A fresh instance each time: a stopped PgBoss never resumes its maintenance when started again.
      const fresh = new PgBoss({ db: executor, schema });
      fresh.on('error', (error: unknown) => logger.error({ err: error }, 'pg-boss reported an error'));
      await fresh.start();
      boss = fresh;
      for (const queue of handlers.keys()) await runWorker(queue);
    })();
    starting.catch(() => (starting = null));
    return starting;
  }

  async function shutDown() {
    await starting?.catch(() => undefined);
    const timeoutMs = options.stopTimeoutMs ?? 30_000;
    try {
      await Promise.all([...loops.values()].map((loop) => loop.stop(timeoutMs)));
      await boss?.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
      await executor.drain();
    } finally {
      boss = null;
      loops = new Map();
      queues = new Map();
      starting = null;
      stopping = null;
    }
  }

  /** Idempotent: a second call shares the first one's work, a call on a stopped queue resolves at once. */
  function stop(): Promise<void> {
    if (!starting) return stopping ?? Promise.resolve();
    stopping ??= shutDown();
    return stopping;
  }

  return {
    async send(queue: string, data: Record<string, unknown>, sendOptions: SendOptions = {}) {
      const current = started();
      await ensureQueue(queue);
      const { startAfter, singletonKey } = sendOptions;
      // pg-boss 10 ignores singletonKey on a standard queue (its unique indexes cover only the short, singleton and
      // stately policies, and those also constrain jobs without a key), so the key is enforced here.
      if (singletonKey !== undefined) return sendSingleton(current, queue, data, startAfter, singletonKey);
      return current.send(queue, data, { startAfter });
    },

    async work(queue: string, handler: JobHandler) {
      if (handlers.has(queue)) throw new Error(`queue ${queue} already has a handler`);
      handlers.set(queue, handler);
      if (boss && !stopping) await runWorker(queue);
    },

    async schedule(queue: string, cron: string) {
      const current = started();
      await ensureQueue(queue);
      await current.schedule(queue, cron, {}, { tz: 'UTC' });
    },

    start,
    stop,
  };
}

/** What only the durable queue promises: jobs outlive the process, schedules are stored, connections stay bounded. */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import type { JobQueue } from '../src/jobs/job-queue.ts';
import { createPgBossPoolExecutor } from '../src/jobs/pg-boss-pool-executor.ts';
import { adminClient, collector, pgBossWorld, recordingLogger, type PgBossWorld } from './job-queue-test-support.ts';

const POOL_SIZE = 3;
const log = recordingLogger();
let world: PgBossWorld;
const opened: JobQueue[] = [];

beforeAll(async () => {
  world = await pgBossWorld(log.logger, POOL_SIZE);
});
afterAll(async () => {
  await world.close();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((queue) => queue.stop()));
  expect(log.errors).toEqual([]);
});

function open(overrides: Parameters<PgBossWorld['createWith']>[0] = {}): JobQueue {
  const queue = world.createWith(overrides);
  opened.push(queue);
  return queue;
}

describe('pg-boss job queue', () => {
  it('keeps a job sent while no worker runs across a restart, and delivers it to the next process', async () => {
    const before = open();
    await before.start();
    const id = await before.send('survivor', { reminder: 'r-1' });
    await before.stop();

    const after = open();
    await after.start();
    const jobs = collector();
    await after.work('survivor', jobs.handler);
    await jobs.until(1);
    expect(jobs.received).toEqual([{ reminder: 'r-1' }]);
    await world.drained(after, 'survivor');
    const { rows } = await world.database.pool.query(`SELECT state FROM pgboss.job WHERE id = $1`, [id]);
    expect(rows).toEqual([{ state: 'completed' }]);
  });

  it('stores a cron schedule in pg-boss schedule table, in UTC', async () => {
    const queue = open();
    await queue.start();
    await queue.schedule('daily-digest', '0 7 * * *');
    const { rows } = await world.database.pool.query(`SELECT name, cron, timezone FROM pgboss.schedule`);
    expect(rows).toEqual([{ name: 'daily-digest', cron: '0 7 * * *', timezone: 'UTC' }]);
  });

  it('creates queues with the default retry settings (3 retries, exponential backoff)', async () => {
    const queue = open({ retry: undefined });
    await queue.start();
    await queue.send('defaults', {});
    const { rows } = await world.database.pool.query(
      `SELECT retry_limit, retry_backoff FROM pgboss.queue WHERE name = 'defaults'`,
    );
    expect(rows).toEqual([{ retry_limit: 3, retry_backoff: true }]);
  });

  it('never holds more connections than the pool allows while 200 jobs are sent and handled', async () => {
    const queue = open({ concurrency: 8 });
    await queue.start();
    // Handlers use the same pool, as plugin handlers do, so pg-boss and the work compete for it.
    const jobs = collector(async () => {
      await world.database.pool.query('SELECT pg_sleep(0.002)');
    });
    await queue.work('burst', jobs.handler);

    const monitor = adminClient(inject('pgAdminUrl'));
    await monitor.connect();
    let most = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { rows } = await monitor.query<{ count: number }>(
          `SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = $1`,
          [world.testDb.name],
        );
        most = Math.max(most, rows[0]!.count);
      }
    })();
    try {
      await Promise.all(Array.from({ length: 200 }, (_, n) => queue.send('burst', { n })));
      await jobs.until(200);
    } finally {
      sampling = false;
      await sampler;
      await monitor.end();
    }
    expect(new Set(jobs.received.map((data) => data.n)).size).toBe(200);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(POOL_SIZE);
  });

  it('rolls back a failed BEGIN … COMMIT script, so the pooled connection is not left in an aborted transaction', async () => {
    const single = new pg.Pool({ connectionString: world.testDb.url, max: 1 });
    try {
      const executor = createPgBossPoolExecutor(single);
      await expect(executor.executeSql('BEGIN; SELECT 1; SELECT 1/0; COMMIT;')).rejects.toThrow(/division by zero/);
      const { rows } = await single.query('SELECT 2 AS answer');
      expect(rows).toEqual([{ answer: 2 }]);
    } finally {
      await single.end();
    }
  });

  it('stop() waits for a running handler, so its job is recorded completed', async () => {
    const queue = open();
    await queue.start();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    await queue.work('graceful', async () => {
      entered();
      await gate;
    });
    const id = await queue.send('graceful', { n: 1 });
    await inHandler;
    const stopped = queue.stop();
    release();
    await stopped;
    const { rows } = await world.database.pool.query(`SELECT state FROM pgboss.job WHERE id = $1`, [id]);
    expect(rows).toEqual([{ state: 'completed' }]);
  });

  it('stop() gives up on a handler that outlasts the timeout and fails its job, so it is retried', async () => {
    const queue = open({ stopTimeoutMs: 1 });
    await queue.start();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    await queue.work('stuck', async () => {
      entered();
      await gate;
    });
    const id = await queue.send('stuck', { n: 1 });
    await inHandler;
    const warningsBefore = log.warnings.length;
    await queue.stop();
    release();
    const { rows } = await world.database.pool.query(`SELECT state FROM pgboss.job WHERE id = $1`, [id]);
    expect(rows).toEqual([{ state: 'retry' }]);
    expect(log.warnings.slice(warningsBefore).map((entry) => entry.message)).toContain(
      'stopping with jobs still running; failing them so they are retried',
    );
  });

  it('refuses a polling interval below pg-boss minimum', () => {
    expect(() => world.createWith({ pollingIntervalSeconds: 0.1 })).toThrow(RangeError);
  });
});

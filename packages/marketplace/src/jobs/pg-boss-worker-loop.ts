import type PgBoss from 'pg-boss';
import type { JobHandler } from './job-queue.ts';
import type { JobQueueLogger } from './job-queue-logger.ts';

export interface WorkerLoopOptions {
  boss: PgBoss;
  queue: string;
  handler: JobHandler;
  logger: JobQueueLogger;
  pollingIntervalMs: number;
  /** Handlers of this queue running at once in this process. */
  concurrency: number;
}

export interface WorkerLoop {
  /** Stops fetching and waits up to `timeoutMs` for running handlers; jobs still running then are failed (retried). */
  stop(timeoutMs: number): Promise<void>;
}

/**
 * Fetches and handles one queue's jobs on pg-boss's fetch/complete/fail API rather than `boss.work()`, because
 * pg-boss 10's worker (a) takes one batch per polling interval, so a burst of 200 jobs at a 2 s interval would take
 * minutes, (b) completes or fails a whole batch together, and (c) does not await complete()/fail(), so a database
 * error at that moment becomes an unhandled rejection that ends the process. Here every job is completed or
 * failed on its own, awaited, errors go to the logger, and a full fetch is followed at once by the next one.
 */
export function startWorkerLoop(options: WorkerLoopOptions): WorkerLoop {
  const { boss, queue, handler, logger, pollingIntervalMs, concurrency } = options;
  const running = new Map<string, Promise<void>>();
  let stopping = false;
  let abandoned = false;
  let wake: (() => void) | null = null;
  let waitingForSlot = false;

  function nap(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });
  }

  async function settle(job: PgBoss.Job<object>) {
    let failure: unknown = null;
    try {
      await handler(job.data as Record<string, unknown>);
    } catch (error) {
      failure = error;
      logger.warn({ err: error, queue, jobId: job.id }, 'job handler failed; pg-boss retries it per the queue');
    }
    // After a stop timed out, the job was already failed for a retry elsewhere; this late outcome must not count.
    if (abandoned) return;
    try {
      if (failure === null) await boss.complete(queue, job.id);
      else await boss.fail(queue, job.id, failure instanceof Error ? { message: failure.message } : { message: String(failure) });
    } catch (error) {
      logger.error({ err: error, queue, jobId: job.id }, 'could not record a job outcome; the job expires and is retried');
    }
  }

  async function fetch(batchSize: number): Promise<PgBoss.Job<object>[]> {
    try {
      return await boss.fetch<object>(queue, { batchSize });
    } catch (error) {
      logger.error({ err: error, queue }, 'fetching jobs failed');
      return [];
    }
  }

  async function loop() {
    while (!stopping) {
      const free = concurrency - running.size;
      const jobs = free > 0 ? await fetch(free) : [];
      for (const job of jobs) {
        const done = settle(job).finally(() => {
          running.delete(job.id);
          if (waitingForSlot) wake?.();
        });
        running.set(job.id, done);
      }
      if (stopping) break;
      // A full batch means more may be waiting: fetch again as soon as a handler slot is free.
      const saturated = free === 0 || jobs.length === free;
      if (saturated && running.size < concurrency) continue;
      waitingForSlot = saturated;
      await nap(pollingIntervalMs);
      waitingForSlot = false;
    }
  }

  const looping = loop();

  return {
    async stop(timeoutMs) {
      stopping = true;
      wake?.();
      await looping;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
      const outcome = await Promise.race([Promise.allSettled([...running.values()]), timedOut]);
      clearTimeout(timer);
      if (outcome !== 'timeout' || running.size === 0) return;
      abandoned = true;
      const ids = [...running.keys()];
      logger.warn({ queue, jobIds: ids }, 'stopping with jobs still running; failing them so they are retried');
      const reason = { message: 'job queue stopped while the job was running' };
      const failed = await Promise.allSettled(ids.map((id) => boss.fail(queue, id, reason)));
      for (const result of failed) {
        if (result.status === 'rejected') {
          logger.error({ err: result.reason, queue }, 'could not fail a running job; it expires and is retried');
        }
      }
    },
  };
}

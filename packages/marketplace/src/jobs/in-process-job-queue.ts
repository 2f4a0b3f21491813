/**
 * The JobQueue contract in memory: for tests and for development where losing queued work on restart is fine.
 * Delayed jobs wait on timers, a failing handler is retried a few times, and cron schedules are accepted but never
 * fire on their own (tests run schedules explicitly). Production runs pg-boss (pg-boss-job-queue.ts).
 */
import { randomUUID } from 'node:crypto';
import type { JobHandler, JobQueue, SendOptions } from './job-queue.ts';
import type { JobQueueLogger } from './job-queue-logger.ts';

export interface InProcessJobQueueOptions {
  /** Extra attempts after a handler throws. */
  retryLimit?: number;
  retryDelayMs?: number;
  logger?: JobQueueLogger;
}

/** Delayed jobs due further ahead than this are not waited for by idle() (a reminder hours ahead, say). */
const IDLE_HORIZON_MS = 60_000;

export interface InProcessJobQueue extends JobQueue {
  /** Resolves once no job is running or due within the next minute (retries with short delays included). */
  idle(): Promise<void>;
  /** The cron schedules registered, by queue. */
  readonly schedules: ReadonlyMap<string, string>;
}

interface QueuedJob {
  id: string;
  queue: string;
  data: Record<string, unknown>;
  singletonKey?: string;
  attempt: number;
  /** Not before this instant (ms since the epoch). */
  dueAt: number;
  running: boolean;
  /** Finished (succeeded or out of attempts): a timer that fires late finds nothing to do. */
  done: boolean;
}

export function createInProcessJobQueue(options: InProcessJobQueueOptions = {}): InProcessJobQueue {
  const retryLimit = options.retryLimit ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 10;
  const handlers = new Map<string, JobHandler>();
  const schedules = new Map<string, string>();
  const waiting = new Map<string, QueuedJob>();
  /** Pending timers and when each is due. */
  const timers = new Map<NodeJS.Timeout, number>();
  const running = new Set<Promise<void>>();
  let started = false;

  function runLater(job: QueuedJob, delayMs: number): void {
    job.dueAt = Date.now() + Math.max(0, delayMs);
    const timer = setTimeout(() => {
      timers.delete(timer);
      run(job);
    }, Math.max(0, delayMs));
    timers.set(timer, job.dueAt);
  }

  function run(job: QueuedJob): void {
    const handler = handlers.get(job.queue);
    // Not started or nobody works this queue yet: it stays waiting until start() or work() picks it up.
    if (!started || !handler || job.running || job.done || job.dueAt > Date.now()) return;
    job.running = true;
    const execution = handler(job.data)
      .then(() => {
        job.done = true;
        waiting.delete(job.id);
      })
      .catch((error: unknown) => {
        if (job.attempt < retryLimit) {
          options.logger?.warn({ err: error, queue: job.queue, jobId: job.id, attempt: job.attempt + 1 }, 'job failed; retrying');
          job.attempt += 1;
          runLater(job, retryDelayMs * 2 ** (job.attempt - 1));
        } else {
          options.logger?.error({ err: error, queue: job.queue, jobId: job.id, attempt: job.attempt + 1 }, 'job failed; no attempts left');
          job.done = true;
          waiting.delete(job.id);
        }
      })
      .finally(() => {
        job.running = false;
        running.delete(execution);
      });
    running.add(execution);
  }

  function runWaiting(queue?: string): void {
    for (const job of waiting.values()) if (queue === undefined || job.queue === queue) run(job);
  }

  return {
    schedules,
    async send(queue, data, sendOptions: SendOptions = {}) {
      if (!started) throw new Error('the job queue is not started');
      const { singletonKey, startAfter } = sendOptions;
      if (singletonKey !== undefined && [...waiting.values()].some((job) => job.queue === queue && job.singletonKey === singletonKey)) return null;
      const job: QueuedJob = { id: randomUUID(), queue, data: structuredClone(data), singletonKey, attempt: 0, dueAt: 0, running: false, done: false };
      waiting.set(job.id, job);
      runLater(job, startAfter ? startAfter.getTime() - Date.now() : 0);
      return job.id;
    },
    async work(queue, handler) {
      handlers.set(queue, handler);
      runWaiting(queue);
    },
    async schedule(queue, cron) {
      schedules.set(queue, cron);
    },
    async start() {
      started = true;
      runWaiting();
    },
    async stop() {
      started = false;
      for (const timer of timers.keys()) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...running]);
    },
    async idle() {
      const dueSoon = () => [...timers.values()].some((dueAt) => dueAt <= Date.now() + IDLE_HORIZON_MS);
      while (running.size > 0 || dueSoon()) {
        await Promise.allSettled([...running]);
        if (running.size === 0 && dueSoon()) await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
  };
}

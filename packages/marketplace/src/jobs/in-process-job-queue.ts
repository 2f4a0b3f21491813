/**
 * The JobQueue contract in memory: for tests and for development where losing queued work on restart is fine.
 * Delayed jobs wait on timers, a failing handler is retried a few times, and cron schedules are accepted but never
 * fire on their own (tests run schedules explicitly). Production runs pg-boss (pg-boss-job-queue.ts).
 */
import { randomUUID } from 'node:crypto';
import type { JobHandler, JobQueue, SendOptions } from './job-queue.ts';

export interface InProcessJobQueueOptions {
  /** Extra attempts after a handler throws. */
  retryLimit?: number;
  retryDelayMs?: number;
  onError?: (error: unknown, queue: string) => void;
}

export interface InProcessJobQueue extends JobQueue {
  /** Resolves once no job is waiting to run or running (delayed jobs still waiting count as waiting). */
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
}

export function createInProcessJobQueue(options: InProcessJobQueueOptions = {}): InProcessJobQueue {
  const retryLimit = options.retryLimit ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 10;
  const handlers = new Map<string, JobHandler>();
  const schedules = new Map<string, string>();
  const waiting = new Map<string, QueuedJob>();
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let started = false;

  function runLater(job: QueuedJob, delayMs: number): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run(job);
    }, Math.max(0, delayMs));
    timers.add(timer);
  }

  function run(job: QueuedJob): void {
    const handler = handlers.get(job.queue);
    // Not started or nobody works this queue yet: it stays waiting until start() or work() picks it up.
    if (!started || !handler) return;
    const execution = handler(job.data)
      .then(() => {
        waiting.delete(job.id);
      })
      .catch((error: unknown) => {
        options.onError?.(error, job.queue);
        if (job.attempt < retryLimit) runLater({ ...job, attempt: job.attempt + 1 }, retryDelayMs * 2 ** job.attempt);
        else waiting.delete(job.id);
      })
      .finally(() => running.delete(execution));
    running.add(execution);
  }

  function runWaiting(queue?: string): void {
    for (const job of waiting.values()) if (queue === undefined || job.queue === queue) run(job);
  }

  return {
    schedules,
    async send(queue, data, sendOptions: SendOptions = {}) {
      const { singletonKey, startAfter } = sendOptions;
      if (singletonKey !== undefined && [...waiting.values()].some((job) => job.queue === queue && job.singletonKey === singletonKey)) return null;
      const job: QueuedJob = { id: randomUUID(), queue, data: structuredClone(data), singletonKey, attempt: 0 };
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
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...running]);
    },
    async idle() {
      while (running.size > 0 || timers.size > 0) {
        await Promise.allSettled([...running]);
        if (running.size === 0 && timers.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
  };
}

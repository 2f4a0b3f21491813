/**
 * A job queue that keeps its jobs in this process (setTimeout): the JobQueue contract without durability, for
 * tests and for an app that has no durable queue configured. Cron schedules are recorded but not fired here.
 */
import { randomUUID } from 'node:crypto';
import type { JobHandler, JobQueue, SendOptions } from './job-queue.ts';

interface QueuedJob {
  id: string;
  queue: string;
  data: Record<string, unknown>;
  singletonKey?: string;
  startAfter?: Date;
  timer?: NodeJS.Timeout;
}

export function createInProcessJobQueue(options: { onError?: (error: unknown, queue: string) => void } = {}): JobQueue & {
  schedules: ReadonlyMap<string, string>;
} {
  const handlers = new Map<string, JobHandler>();
  const pending = new Map<string, QueuedJob>();
  const schedules = new Map<string, string>();
  let stopped = false;

  function run(job: QueuedJob): void {
    const handler = handlers.get(job.queue);
    if (!handler || stopped) return; // stays pending until a worker registers
    pending.delete(job.id);
    handler(job.data).catch((error: unknown) => options.onError?.(error, job.queue));
  }

  function arm(job: QueuedJob): void {
    clearTimeout(job.timer);
    const delay = job.startAfter ? Math.max(0, job.startAfter.getTime() - Date.now()) : 0;
    job.timer = setTimeout(() => run(job), delay);
    job.timer.unref();
  }

  return {
    schedules,
    async send(queue: string, data: Record<string, unknown>, sendOptions: SendOptions = {}) {
      const { singletonKey, startAfter } = sendOptions;
      if (singletonKey !== undefined && [...pending.values()].some((job) => job.queue === queue && job.singletonKey === singletonKey)) {
        return null;
      }
      const job: QueuedJob = { id: randomUUID(), queue, data, singletonKey, startAfter };
      pending.set(job.id, job);
      arm(job);
      return job.id;
    },
    async work(queue: string, handler: JobHandler) {
      handlers.set(queue, handler);
      for (const job of pending.values()) if (job.queue === queue) arm(job);
    },
    async schedule(queue: string, cron: string) {
      schedules.set(queue, cron);
    },
    async start() {
      stopped = false;
    },
    async stop() {
      stopped = true;
      for (const job of pending.values()) clearTimeout(job.timer);
    },
  };
}

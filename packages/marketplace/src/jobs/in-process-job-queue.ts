import { randomUUID } from 'node:crypto';
import type { JobHandler, JobQueue, SendOptions } from './job-queue.ts';
import type { JobQueueLogger } from './job-queue-logger.ts';

export interface InProcessJobQueueOptions {
  /** Retries after the first attempt of a job whose handler throws. */
  retryLimit?: number;
  retryDelayMs?: number;
  logger?: JobQueueLogger;
}

/**
 * The job queue in memory, for tests and for development without durability. schedule() is recorded but never
 * fires on its own: a test triggers a schedule explicitly with runSchedule().
 */
export interface InProcessJobQueue extends JobQueue {
  /**
   * Resolves once nothing can progress without the clock: no job running, none due with a handler to run it, no
   * retry pending. Jobs whose startAfter lies ahead, and jobs of queues without a handler, are not waited for.
   */
  idle(): Promise<void>;
  /** The cron expressions given to schedule(), by queue. */
  schedules(): ReadonlyMap<string, string>;
  /** Sends the empty job a schedule would send now. */
  runSchedule(queue: string): Promise<string | null>;
}

interface QueuedJob {
  id: string;
  queue: string;
  data: Record<string, unknown>;
  singletonKey?: string;
  notBefore: number;
  failures: number;
  active: boolean;
  timer?: NodeJS.Timeout;
}

export function createInProcessJobQueue(options: InProcessJobQueueOptions = {}): InProcessJobQueue {
  const retryLimit = options.retryLimit ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 0;
  const jobs = new Map<string, QueuedJob>();
  const handlers = new Map<string, JobHandler>();
  const cron = new Map<string, string>();
  const running = new Set<Promise<void>>();
  let idleWaiters: (() => void)[] = [];
  let started = false;

  function due(job: QueuedJob): boolean {
    return !job.active && job.notBefore <= Date.now();
  }

  function busy(): boolean {
    return [...jobs.values()].some(
      (job) => job.active || (started && handlers.has(job.queue) && (due(job) || (job.failures > 0 && job.timer))),
    );
  }

  function checkIdle() {
    if (busy()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Runs what is due and arms a timer for what is not; called whenever something changes. */
  function dispatch() {
    if (started) {
      for (const job of jobs.values()) {
        if (job.active || !handlers.has(job.queue)) continue;
        if (due(job)) run(job);
        // unref: a job due in an hour must not keep a finished test run or a stopping process alive.
        else job.timer ??= setTimeout(() => {
          job.timer = undefined;
          dispatch();
        }, job.notBefore - Date.now()).unref();
      }
    }
    checkIdle();
  }

  function run(job: QueuedJob) {
    job.active = true;
    clearTimeout(job.timer);
    job.timer = undefined;
    const handler = handlers.get(job.queue)!;
    const attempt = (async () => {
      try {
        await handler(structuredClone(job.data));
        jobs.delete(job.id);
      } catch (error) {
        job.failures += 1;
        const retried = job.failures <= retryLimit;
        if (retried) job.notBefore = Date.now() + retryDelayMs;
        else jobs.delete(job.id);
        const message = retried ? 'job handler failed; the job is retried' : 'job handler failed after the last retry';
        options.logger?.warn({ err: error, queue: job.queue, jobId: job.id }, message);
      } finally {
        job.active = false;
      }
    })();
    running.add(attempt);
    void attempt.finally(() => {
      running.delete(attempt);
      // The next round runs after the current call stack, as a real queue would deliver it later.
      setImmediate(dispatch);
    });
  }

  function send(queue: string, data: Record<string, unknown>, sendOptions: SendOptions = {}) {
    if (!started) return Promise.reject(new Error('the job queue is not started'));
    const { singletonKey, startAfter } = sendOptions;
    if (singletonKey !== undefined) {
      for (const job of jobs.values()) if (job.queue === queue && job.singletonKey === singletonKey) return Promise.resolve(null);
    }
    const id = randomUUID();
    jobs.set(id, { id, queue, data: structuredClone(data), singletonKey, notBefore: startAfter?.getTime() ?? 0, failures: 0, active: false });
    setImmediate(dispatch);
    return Promise.resolve(id);
  }

  return {
    send,
    async work(queue, handler) {
      if (handlers.has(queue)) throw new Error(`queue ${queue} already has a handler`);
      handlers.set(queue, handler);
      setImmediate(dispatch);
    },
    async schedule(queue, expression) {
      if (!started) throw new Error('the job queue is not started');
      cron.set(queue, expression);
    },
    async start() {
      started = true;
      setImmediate(dispatch);
    },
    async stop() {
      started = false;
      for (const job of jobs.values()) {
        clearTimeout(job.timer);
        job.timer = undefined;
      }
      await Promise.allSettled([...running]);
      checkIdle();
    },
    idle() {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        setImmediate(dispatch);
      });
    },
    schedules: () => cron,
    async runSchedule(queue) {
      if (!cron.has(queue)) throw new Error(`queue ${queue} has no schedule`);
      return send(queue, {});
    },
  };
}

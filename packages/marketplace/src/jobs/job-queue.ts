/**
 * The job queue the plugin runtime runs on. In production it is pg-boss on the platform's own PostgreSQL (durable:
 * jobs survive a restart, no extra service); tests may use the in-process queue, which has the same contract but
 * keeps nothing.
 */
export interface SendOptions {
  /** Not before this instant. */
  startAfter?: Date;
  /** At most one queued job with this key per queue (later sends with the same key are dropped). */
  singletonKey?: string;
}

export type JobHandler = (data: Record<string, unknown>) => Promise<void>;

export interface JobQueue {
  /** Queues a job; resolves to its id, or null when a singleton with that key is already queued. */
  send(queue: string, data: Record<string, unknown>, options?: SendOptions): Promise<string | null>;
  /** Handles the queue's jobs; a handler that throws fails the job (pg-boss retries it as the queue is set up). */
  work(queue: string, handler: JobHandler): Promise<void>;
  /** Sends an empty job to `queue` on a cron expression (UTC). */
  schedule(queue: string, cron: string): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

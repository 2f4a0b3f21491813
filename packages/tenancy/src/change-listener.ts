/**
 * LISTEN on one connection held from the shared pool (so the process never opens more than `poolSize`
 * connections), with reconnection. The owner is told when listening starts and stops: whenever it is not
 * listening, changes can be missed, so cached answers must not be trusted.
 */
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';

export interface ChangeListenerOptions {
  pool: pg.Pool;
  /** A plain identifier; it is quoted, never taken from input. */
  channel: string;
  onNotification(): void;
  onListeningChange(listening: boolean): void;
  heartbeatMs: number;
  log: Pick<FastifyBaseLogger, 'warn' | 'info'>;
  retryInitialMs?: number;
  retryMaxMs?: number;
}

const STOP_WAIT_MS = 2_000;

export class ChangeListener {
  private listening = false;
  private stopped = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;
  private dropCurrent: ((error?: unknown) => void) | null = null;

  constructor(private readonly options: ChangeListenerOptions) {}

  get isListening(): boolean {
    return this.listening;
  }

  start(): void {
    this.stopped = false;
    this.connecting = this.connect().finally(() => {
      this.connecting = null;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.dropCurrent?.();
    if (this.connecting) {
      // A connection attempt to an unreachable server may hang; shutdown must not.
      await Promise.race([this.connecting, new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
    }
  }

  private async connect(): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.options.pool.connect();
    } catch (error) {
      this.scheduleRetry(error);
      return;
    }
    if (this.stopped) {
      client.release();
      return;
    }
    const { drop, heartbeat } = this.watch(client);
    try {
      await client.query(`LISTEN "${this.options.channel}"`);
    } catch (error) {
      drop(error);
      return;
    }
    if (this.stopped) {
      drop();
      return;
    }
    this.failures = 0;
    this.listening = true;
    heartbeat();
    this.options.log.info({ channel: this.options.channel }, 'tenancy change listener connected');
    this.options.onListeningChange(true);
  }

  /** Wires the client's events; `drop` is idempotent and gives the connection back destroyed, never reused. */
  private watch(client: pg.PoolClient) {
    let gone = false;
    let timer: NodeJS.Timeout | null = null;
    const drop = (error?: unknown) => {
      if (gone) return;
      gone = true;
      if (timer) clearInterval(timer);
      if (this.dropCurrent === drop) this.dropCurrent = null;
      const wasListening = this.listening;
      this.listening = false;
      // A connection that was LISTENing must not go back into the pool.
      client.release(error instanceof Error ? error : true);
      if (wasListening) this.options.onListeningChange(false);
      if (!this.stopped) this.scheduleRetry(error ?? new Error('listener connection ended'));
    };
    // Kept after drop too: an error emitted while the connection closes must not crash the process.
    client.on('error', drop);
    client.on('end', () => drop(new Error('listener connection ended')));
    client.on('notification', (message) => {
      if (!gone && message.channel === this.options.channel) this.options.onNotification();
    });
    this.dropCurrent = drop;

    const heartbeat = () => {
      let inFlight = false;
      timer = setInterval(() => {
        if (inFlight || gone) return;
        inFlight = true;
        const timeout = setTimeout(() => drop(new Error('listener heartbeat timed out')), this.options.heartbeatMs);
        timeout.unref();
        client.query('SELECT 1').then(
          () => clearTimeout(timeout),
          (error: unknown) => {
            clearTimeout(timeout);
            drop(error);
          },
        ).finally(() => {
          inFlight = false;
        });
      }, this.options.heartbeatMs);
      timer.unref();
    };
    return { drop, heartbeat };
  }

  private scheduleRetry(error: unknown): void {
    if (this.stopped) return;
    const initial = this.options.retryInitialMs ?? 100;
    const delay = Math.min(initial * 2 ** this.failures, this.options.retryMaxMs ?? 5_000);
    this.failures++;
    this.options.log.warn(
      { err: error, retryInMs: delay },
      'tenancy change listener is down; host lookups bypass the cache until it reconnects',
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.start();
    }, delay);
    this.retryTimer.unref();
  }
}

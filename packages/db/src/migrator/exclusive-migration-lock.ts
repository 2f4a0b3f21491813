/**
 * The migrator's side of MIGRATION_LOCK_KEY: held exclusively, at session level, on a connection of its own for
 * the whole run. A transaction-level lock would not do: a run is many transactions (one per schema), and the set
 * of schemas must not change between them.
 */
import pg from 'pg';
import { MIGRATION_LOCK_KEY } from './migration-lock.ts';

export const DEFAULT_LOCK_TIMEOUT_MS = 10 * 60_000;

const LOCK_NOT_AVAILABLE = '55P03';

export class MigrationLockTimeoutError extends Error {
  readonly code = 'MIGRATION_LOCK_TIMEOUT';
  constructor(readonly waitedMs: number) {
    super(
      `Another migrator still holds the migration lock after ${formatWait(waitedMs)}; nothing was migrated. ` +
        'Let that run finish (or stop it) and run the migrator again.',
    );
    this.name = 'MigrationLockTimeoutError';
  }
}

function formatWait(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}

export interface HeldMigrationLock {
  /** Milliseconds spent waiting for another migrator. */
  readonly waitedMs: number;
  /** Unlocks and closes the lock's connection. Safe to call once the connection has already failed. */
  release(): Promise<void>;
}

export interface HoldMigrationLockOptions {
  /** How long to wait for another migrator; 0 gives up at once. */
  timeoutMs?: number;
  /** Called once, when the lock is busy and the wait starts. */
  onWait?: () => void;
}

/**
 * Opens a dedicated connection (with the pool's settings, outside the pool, so it takes no slot from the run's
 * work) and takes the lock on it, waiting up to `timeoutMs` for a migrator that holds it.
 */
export async function holdMigrationLock(
  connection: pg.ClientConfig,
  options: HoldMigrationLockOptions = {},
): Promise<HeldMigrationLock> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const client = new pg.Client(connection);
  // A connection lost mid-run surfaces in release(); it must not crash the process from an event handler.
  client.on('error', () => undefined);
  await client.connect();
  const started = performance.now();
  try {
    const attempt = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
      MIGRATION_LOCK_KEY,
    ]);
    if (!attempt.rows[0]?.locked) {
      if (timeoutMs <= 0) throw new MigrationLockTimeoutError(0);
      options.onWait?.();
      await waitForLock(client, timeoutMs, started);
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  const waitedMs = Math.round(performance.now() - started);
  return {
    waitedMs,
    async release() {
      // Closing the session releases the lock too, so a failed unlock (a lost connection) is not an error.
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

/**
 * Queues behind the holder rather than polling: PostgreSQL then makes provisioning (which takes the key shared)
 * wait behind this migrator instead of starving it. lock_timeout bounds the wait.
 */
async function waitForLock(client: pg.Client, timeoutMs: number, started: number): Promise<void> {
  // lock_timeout is an int4 of milliseconds; 0 would mean "wait for ever".
  const bounded = Math.max(1, Math.min(Math.round(timeoutMs), 2_147_483_647));
  await client.query("SELECT set_config('lock_timeout', $1, false)", [String(bounded)]);
  try {
    await client.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
  } catch (error) {
    if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) {
      throw new MigrationLockTimeoutError(Math.round(performance.now() - started));
    }
    throw error;
  }
  await client.query("SELECT set_config('lock_timeout', '0', false)");
}

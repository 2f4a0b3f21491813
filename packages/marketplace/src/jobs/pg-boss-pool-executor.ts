import type pg from 'pg';

/** What pg-boss calls for every statement when it is given `db` instead of a connection string. */
export interface PgBossExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
  /** Resolves when no statement is in flight (so the pool may be closed right after the queue stops). */
  drain(): Promise<void>;
}

/**
 * Runs pg-boss's SQL on the platform's own pool, so the job queue opens no connection of its own and the pool's
 * `max` stays the process's whole budget.
 *
 * pg-boss 10 needs no dedicated connection: it uses no LISTEN/NOTIFY and no session-level advisory lock, only
 * `pg_advisory_xact_lock` inside single-round-trip scripts of the form `BEGIN; …; COMMIT;` (schema creation,
 * migrations, maintenance). Those scripts are the one trap on a shared pool: when a statement inside them fails,
 * PostgreSQL skips the rest, COMMIT included, and the connection goes back to the pool inside an aborted
 * transaction, breaking whatever query borrows it next. So a failed statement is followed by ROLLBACK on the same
 * connection (a harmless warning when no transaction is open); if even that fails, the connection is discarded.
 */
export function createPgBossPoolExecutor(pool: pg.Pool): PgBossExecutor {
  const inFlight = new Set<Promise<unknown>>();

  async function run(text: string, values?: unknown[]) {
    const client = await pool.connect();
    try {
      const result = await client.query(text, values);
      client.release();
      return result;
    } catch (error) {
      await client.query('ROLLBACK').then(
        () => client.release(),
        (rollbackError: Error) => client.release(rollbackError),
      );
      throw error;
    }
  }

  return {
    executeSql(text, values) {
      const running = run(text, values);
      inFlight.add(running);
      const forget = () => inFlight.delete(running);
      running.then(forget, forget);
      return running;
    },
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** An executor bound to one connection, for pg-boss calls that must join a transaction the caller holds. */
export function clientExecutor(client: pg.PoolClient): Pick<PgBossExecutor, 'executeSql'> {
  return { executeSql: (text, values) => client.query(text, values) };
}

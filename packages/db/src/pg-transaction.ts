import type pg from 'pg';

/** Runs work on one pooled connection inside BEGIN … COMMIT, rolling back if it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let result: T;
  try {
    await client.query('BEGIN');
    result = await work(client);
    await client.query('COMMIT');
  } catch (error) {
    const rolledBack = await client.query('ROLLBACK').then(() => true, () => false);
    // A connection that cannot even roll back is broken: destroy it rather than hand it to the next caller.
    client.release(!rolledBack);
    throw error;
  }
  client.release();
  return result;
}

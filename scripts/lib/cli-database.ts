import { createDatabase, type Database } from '@smoothschedule/db';
import { reportCliError } from './cli-errors.ts';
import { ensureDatabaseUrl } from './database-url.ts';

/**
 * Runs a CLI's work against the database (DATABASE_URL or the embedded one), turns a failure into a printed
 * message and an exit code, and always closes what it opened.
 */
export async function withCliDatabase(
  work: (database: Database) => Promise<number>,
  onFailure?: () => void,
): Promise<number> {
  const connection = await ensureDatabaseUrl();
  const database = createDatabase({ connectionString: connection.url, poolSize: 2 });
  try {
    return await work(database);
  } catch (error) {
    onFailure?.();
    return reportCliError(error);
  } finally {
    await database.close();
    await connection.stop();
  }
}

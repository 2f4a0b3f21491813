/**
 * The database a CLI works on: DATABASE_URL when set; otherwise the embedded PostgreSQL that the first run uses,
 * so `pnpm db:migrate` works on a machine with no database server. The embedded one is started for this command
 * and stopped after it, unless it was already running (then it is only borrowed).
 */
import pg from 'pg';
import { startEmbeddedPostgres } from '@smoothschedule/db';

export const EMBEDDED_DATABASE_NAME = 'smoothschedule';

export interface DatabaseConnection {
  readonly url: string;
  /** Whether this process started an embedded PostgreSQL. */
  readonly embedded: boolean;
  /** Stops what this process started; a no-op otherwise. */
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    // The name is a constant of this file, never input, and is quoted anyway.
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

export async function ensureDatabaseUrl(env: NodeJS.ProcessEnv = process.env): Promise<DatabaseConnection> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => undefined };
  const port = Number(env.EMBEDDED_POSTGRES_PORT ?? 54329);
  const dataDir = env.EMBEDDED_POSTGRES_DIR ?? '.data/postgres';
  const running = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
  if (await answers(running)) {
    await ensureDatabase(running, EMBEDDED_DATABASE_NAME);
    return { url: running.replace(/\/postgres$/, `/${EMBEDDED_DATABASE_NAME}`), embedded: false, stop: async () => undefined };
  }
  const server = await startEmbeddedPostgres({ dataDir, port });
  try {
    await ensureDatabase(server.url('postgres'), EMBEDDED_DATABASE_NAME);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url: server.url(EMBEDDED_DATABASE_NAME), embedded: true, stop: () => server.stop() };
}

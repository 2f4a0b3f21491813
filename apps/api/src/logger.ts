import path from 'node:path';
import { pino, type Logger } from 'pino';
import type { AppConfig } from './config.ts';

/** JSON lines on stdout and in LOG_DIR/api.log (the folder is created if missing). */
export function createLogger(config: Pick<AppConfig, 'logLevel' | 'logDir'>): Logger {
  const file = pino.destination({ dest: path.join(config.logDir, 'api.log'), mkdir: true, sync: false });
  return pino(
    { level: config.logLevel },
    pino.multistream([
      { level: config.logLevel === 'silent' ? 'fatal' : config.logLevel, stream: process.stdout },
      { level: config.logLevel === 'silent' ? 'fatal' : config.logLevel, stream: file },
    ]),
  );
}

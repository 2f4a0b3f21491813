/**
 * `<logDir>/security.log`: one JSON line per security event (logins, logouts, refresh-token reuse, refused tokens,
 * permission denials). Writes are queued one after another and never throw into a request: a full disk or a
 * missing permission is reported to `onError` (the app logger) and the request goes on.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';

export const SECURITY_EVENTS = [
  'login.success',
  'login.failure',
  'login.rate_limited',
  'logout',
  'refresh.success',
  'refresh.failure',
  'refresh.reuse',
  'token.refused',
  'password.changed',
  'password.change_failed',
  'register',
  'permission.denied',
  'grant.created',
  'grant.revoked',
  'grant.denied',
] as const;
export type SecurityEvent = (typeof SECURITY_EVENTS)[number];

export interface SecurityLogFields {
  userId?: string | null;
  email?: string | null;
  reason?: string;
  /** Anything else worth keeping (a session family, the role asked for…); never secrets. */
  [key: string]: unknown;
}

export interface SecurityLog {
  /** Appends one line: timestamp, event, the request's ip and tenant, the fields. Never throws. */
  record(event: SecurityEvent, request: FastifyRequest | null, fields?: SecurityLogFields): void;
  /** Resolves once every line recorded so far is on disk (or has failed). */
  flush(): Promise<void>;
  readonly file: string;
}

export interface SecurityLogOptions {
  logDir: string;
  onError?: (error: unknown) => void;
}

function tenantOf(request: FastifyRequest | null): string | null {
  if (request === null) return null;
  // Falsy checks: a context registered before tenancy lacks these decorators.
  if (request.tenant) return request.tenant.schemaName;
  return request.isPlatformHost ? 'platform' : null;
}

export function createSecurityLog({ logDir, onError = () => undefined }: SecurityLogOptions): SecurityLog {
  const file = path.resolve(logDir, 'security.log');
  let directoryReady: Promise<unknown> | undefined;
  let queue: Promise<void> = Promise.resolve();

  const write = async (line: string) => {
    directoryReady ??= mkdir(path.dirname(file), { recursive: true });
    try {
      await directoryReady;
      await appendFile(file, line, { encoding: 'utf8', mode: 0o600 });
    } catch (error) {
      // A failed mkdir is retried on the next line (the directory may have been fixed meanwhile).
      directoryReady = undefined;
      onError(error);
    }
  };

  return {
    file,
    record(event, request, fields = {}) {
      let line: string;
      // The caller's fields never replace when and what happened.
      const { time: _time, event: _event, ...extra } = fields;
      try {
        line = `${JSON.stringify({
          time: new Date().toISOString(),
          event,
          ...extra,
          userId: fields.userId ?? request?.principal?.userId ?? null,
          email: fields.email ?? request?.principal?.email ?? null,
          ip: request?.ip ?? null,
          tenant: tenantOf(request),
          requestId: request?.id ?? null,
        })}\n`;
      } catch (error) {
        onError(error);
        return;
      }
      queue = queue.then(() => write(line));
    },
    flush: () => queue,
  };
}

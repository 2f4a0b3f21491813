/**
 * `<logDir>/masquerade.log`: one JSON line per masquerade attempt, stop or expiry, in the format of SPEC §5. Unlike
 * the security log, a write here is awaited and its failure thrown: the masquerade it describes must not happen
 * without it (fail closed).
 */
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

export const MASQUERADE_LOG_ACTIONS = ['HIJACK_START', 'HIJACK_END', 'HIJACK_DENIED', 'HIJACK_EXPIRED'] as const;
export type MasqueradeLogAction = (typeof MASQUERADE_LOG_ACTIONS)[number];

export interface MasqueradeLogLine {
  timestamp: string;
  action: MasqueradeLogAction;
  hijacker_email: string;
  hijacked_email: string | null;
  ip_address: string | null;
  /** The masquerade's id; null on a denial, where no masquerade exists. */
  session_key: string | null;
  reason: string | null;
  /** Only on HIJACK_DENIED. */
  denial_reason?: string;
}

export interface MasqueradeLog {
  readonly file: string;
  /** Resolves once the line is appended; rejects when it could not be. */
  write(line: MasqueradeLogLine): Promise<void>;
}

export function createMasqueradeLog(logDir: string): MasqueradeLog {
  const file = path.resolve(logDir, 'masquerade.log');
  return {
    file,
    async write(line) {
      await mkdir(path.dirname(file), { recursive: true });
      // One appendFile per line: O_APPEND keeps concurrent lines whole and in place.
      await appendFile(file, `${JSON.stringify(line)}\n`, { encoding: 'utf8', mode: 0o600 });
    },
  };
}

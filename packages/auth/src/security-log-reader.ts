/**
 * Reading `security.log` back for `GET /api/audit/security`: the newest matching lines from the end of the file.
 * Only the last `SCAN_BYTES` are read, so the cost of a request does not grow with the log; older events stay in
 * the file (and in whatever log shipping the host runs).
 */
import { open } from 'node:fs/promises';
import type { SecurityEvent } from './security-log.ts';

export const SCAN_BYTES = 4 * 1024 * 1024;

export interface SecurityLogQuery {
  event?: SecurityEvent;
  /** Matches the line's email (case-insensitive) or userId. */
  user?: string;
  from?: Date;
  to?: Date;
  /** Only lines of this tenant (its schema name), for a tenant owner. */
  tenant?: string;
  limit: number;
}

export type SecurityLogLine = Record<string, unknown> & { time: string; event: string };

async function tailOf(file: string, bytes: number): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - bytes);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const text = buffer.toString('utf8');
    // A read that starts mid-file starts mid-line: drop that partial first line.
    return start === 0 ? text : text.slice(text.indexOf('\n') + 1);
  } finally {
    await handle.close();
  }
}

function matches(line: SecurityLogLine, query: SecurityLogQuery): boolean {
  if (query.event !== undefined && line.event !== query.event) return false;
  if (query.tenant !== undefined && line.tenant !== query.tenant) return false;
  if (query.user !== undefined) {
    const wanted = query.user.toLowerCase();
    if (String(line.email ?? '').toLowerCase() !== wanted && String(line.userId ?? '').toLowerCase() !== wanted) return false;
  }
  const at = Date.parse(line.time);
  if (query.from !== undefined && !(at >= query.from.getTime())) return false;
  if (query.to !== undefined && !(at < query.to.getTime())) return false;
  return true;
}

/** The newest `limit` lines that match, newest first. Lines that are not JSON are skipped. */
export async function readSecurityLog(file: string, query: SecurityLogQuery): Promise<SecurityLogLine[]> {
  const lines = (await tailOf(file, SCAN_BYTES)).split('\n');
  const found: SecurityLogLine[] = [];
  for (let index = lines.length - 1; index >= 0 && found.length < query.limit; index -= 1) {
    const text = lines[index]!.trim();
    if (text === '') continue;
    let line: SecurityLogLine;
    try {
      line = JSON.parse(text) as SecurityLogLine;
    } catch {
      continue;
    }
    if (typeof line.time === 'string' && typeof line.event === 'string' && matches(line, query)) found.push(line);
  }
  return found;
}

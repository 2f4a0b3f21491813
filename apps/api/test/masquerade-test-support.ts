/** The app with a movable clock, and readers for what a masquerade leaves behind: log lines and audit rows. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '@smoothschedule/db';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { buildApp, type App } from '../src/app.ts';
import { testConfig } from './api-test-app.ts';
import { JWT_SECRET } from './auth-test-support.ts';

export interface MovableClock {
  (): Date;
  set(at: Date): void;
  advanceMinutes(minutes: number): void;
  reset(): void;
}

/** Real time plus an offset the test moves. */
export function movableClock(): MovableClock {
  let offsetMs = 0;
  const clock = (() => new Date(Date.now() + offsetMs)) as MovableClock;
  clock.set = (at) => {
    offsetMs = at.getTime() - Date.now();
  };
  clock.advanceMinutes = (minutes) => {
    offsetMs += minutes * 60_000;
  };
  clock.reset = () => {
    offsetMs = 0;
  };
  return clock;
}

export interface MasqueradeApp {
  app: App;
  clock: MovableClock;
  logDir: string;
}

export async function buildMasqueradeApp(
  database: Database,
  { env = {}, logger = pino({ level: 'silent' }) }: { env?: Record<string, string>; logger?: FastifyBaseLogger } = {},
): Promise<MasqueradeApp> {
  const config = testConfig('postgresql://unused@127.0.0.1/unused', { JWT_SECRET, ...env });
  const clock = movableClock();
  const app = await buildApp({ config, database, logger, clock });
  await app.ready();
  return { app, clock, logDir: config.logDir };
}

export type MasqueradeLine = Record<string, unknown> & { action: string; timestamp: string };

export function masqueradeLines(logDir: string): MasqueradeLine[] {
  let text = '';
  try {
    text = readFileSync(path.join(logDir, 'masquerade.log'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as MasqueradeLine);
}

export interface AuditRowSummary {
  id: string;
  action: string;
  actorEmail: string | null;
  targetEmail: string | null;
  tenantId: string | null;
  sessionKey: string | null;
  details: unknown;
}

export async function auditRows(database: Database): Promise<AuditRowSummary[]> {
  const rows = await database.shared.auditEvent.findMany({ orderBy: { id: 'asc' } });
  return rows.map((row) => ({
    id: row.id.toString(),
    action: row.action,
    actorEmail: row.actorEmail,
    targetEmail: row.targetEmail,
    tenantId: row.tenantId,
    sessionKey: row.sessionKey,
    details: row.details,
  }));
}

/** What one action added to the masquerade log and the audit table. */
export async function trailDuring(
  database: Database,
  logDir: string,
  action: () => Promise<unknown>,
): Promise<{ lines: MasqueradeLine[]; rows: AuditRowSummary[] }> {
  const linesBefore = masqueradeLines(logDir).length;
  const rowsBefore = (await auditRows(database)).length;
  await action();
  return { lines: masqueradeLines(logDir).slice(linesBefore), rows: (await auditRows(database)).slice(rowsBefore) };
}

export function startMasquerade(app: App, host: string, accessToken: string, payload: Record<string, unknown>) {
  return app.inject({
    method: 'POST',
    url: '/api/masquerade/start',
    headers: { host, authorization: `Bearer ${accessToken}` },
    payload,
  });
}

export function stopMasquerade(app: App, host: string, accessToken: string) {
  return app.inject({ method: 'POST', url: '/api/masquerade/stop', headers: { host, authorization: `Bearer ${accessToken}` } });
}

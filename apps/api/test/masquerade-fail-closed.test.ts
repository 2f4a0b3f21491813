/**
 * Fail closed: when the masquerade log cannot be written or the audit row cannot be inserted, no masquerade
 * starts, nothing of it is left behind, and the failure is logged. Ending a masquerade is always allowed.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { captureLogs, createApiFixture, TENANT_A, type ApiFixture } from './api-test-app.ts';
import { createUser, HOSTS, login, me, tenantIdOf } from './auth-test-support.ts';
import { auditRows, buildMasqueradeApp, masqueradeLines, startMasquerade, stopMasquerade, type MovableClock } from './masquerade-test-support.ts';

let fixture: ApiFixture;
let app: App;
let clock: MovableClock;
let logDir: string;
const logs = captureLogs();
let supportEmail: string;
let staffId: string;

/** A directory where the log file should be: every append fails (EISDIR), even for root. */
const breakLogFile = () => {
  rmSync(path.join(logDir, 'masquerade.log'), { recursive: true, force: true });
  mkdirSync(path.join(logDir, 'masquerade.log'));
};
const mendLogFile = () => rmSync(path.join(logDir, 'masquerade.log'), { recursive: true, force: true });

async function breakAuditTable() {
  await fixture.database.pool.query(`
    CREATE OR REPLACE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit storage unavailable'; END; $$;
    CREATE TRIGGER test_refuse_audit BEFORE INSERT ON public.audit_events FOR EACH ROW EXECUTE FUNCTION test_refuse_audit();`);
}
const mendAuditTable = () => fixture.database.pool.query('DROP TRIGGER IF EXISTS test_refuse_audit ON public.audit_events');

const counts = async () => ({
  masquerades: await fixture.database.shared.masqueradeSession.count(),
  rows: (await auditRows(fixture.database)).length,
  lines: masqueradeLines(logDir).length,
});

beforeAll(async () => {
  fixture = await createApiFixture();
  ({ app, clock, logDir } = await buildMasqueradeApp(fixture.database, { logger: logs.logger }));
  const tenantA = await tenantIdOf(fixture.database, TENANT_A.schemaName);
  supportEmail = 'support@fail-closed.test';
  await createUser(fixture.database, { email: supportEmail, role: 'PLATFORM_SUPPORT' });
  staffId = (await createUser(fixture.database, { email: 'staff@fail-closed.test', role: 'TENANT_STAFF', tenantId: tenantA })).id;
}, 120_000);

afterEach(async () => {
  mendLogFile();
  await mendAuditTable();
  clock.reset();
});

afterAll(async () => {
  await app?.close();
  await fixture?.close();
});

async function start() {
  const support = await login(app, HOSTS.platform, supportEmail);
  return startMasquerade(app, HOSTS.platform, support.accessToken, { userId: staffId, reason: 'fail closed' });
}

describe('a masquerade that cannot be audited does not start', () => {
  it('when masquerade.log cannot be written: 503, no session, no audit row, the failure logged', async () => {
    breakLogFile();
    const before = await counts();
    const logLinesBefore = logs.lines.length;
    const response = await start();
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('AUDIT_UNAVAILABLE');
    expect(response.json().error.message).not.toMatch(/EISDIR|masquerade\.log/);
    expect(await counts()).toEqual(before);
    expect(logs.lines.slice(logLinesBefore)).toContainEqual(expect.objectContaining({ msg: 'masquerade refused: audit failed', level: 50 }));
  });

  it('when the audit insert fails: 503, no session, no log line, the failure logged', async () => {
    await breakAuditTable();
    const before = await counts();
    const logLinesBefore = logs.lines.length;
    const response = await start();
    expect(response.statusCode).toBe(503);
    expect(await counts()).toEqual(before);
    expect(logs.lines.slice(logLinesBefore)).toContainEqual(expect.objectContaining({ msg: 'masquerade refused: audit failed' }));
  });

  it('starts again once both can be written', async () => {
    const before = await counts();
    const response = await start();
    expect(response.statusCode, response.body).toBe(200);
    expect(await counts()).toEqual({ masquerades: before.masquerades + 1, rows: before.rows + 1, lines: before.lines + 1 });
  });
});

describe('ending is never blocked by the audit', () => {
  it('stop with the audit down still ends the masquerade, answers 503 and logs the failure', async () => {
    const started = await start();
    const token = started.json().accessToken as string;
    await breakAuditTable();
    const logLinesBefore = logs.lines.length;
    const stop = await stopMasquerade(app, HOSTS.alpha, token);
    expect(stop.statusCode).toBe(503);
    expect(logs.lines.slice(logLinesBefore)).toContainEqual(expect.objectContaining({ msg: 'masquerade stopped without its audit record' }));
    await mendAuditTable();
    expect((await me(app, HOSTS.alpha, token)).statusCode).toBe(401);
  });

  it('an expiry that cannot be audited is refused all the same, and audited by the next request that can', async () => {
    const started = await start();
    const token = started.json().accessToken as string;
    clock.advanceMinutes(31);
    breakLogFile();
    const before = await counts();
    expect((await me(app, HOSTS.alpha, token)).statusCode).toBe(401);
    expect(await counts()).toEqual(before);
    mendLogFile();
    expect((await me(app, HOSTS.alpha, token)).statusCode).toBe(401);
    const rows = await auditRows(fixture.database);
    expect(rows.at(-1)).toMatchObject({ action: 'HIJACK_EXPIRED', sessionKey: started.json().actor.masqueradeId });
    expect(masqueradeLines(logDir).at(-1)).toMatchObject({ action: 'HIJACK_EXPIRED' });
  });
});

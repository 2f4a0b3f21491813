/**
 * GET /api/audit: who may read it (platform roles everything, a tenant owner their tenant's events on their host,
 * nobody else), the filters, paging, and bad queries.
 */
import { ROLES, type Role } from '@smoothschedule/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { createApiFixture, TENANT_A, TENANT_B, type ApiFixture } from './api-test-app.ts';
import { createUser, HOSTS, login, tenantIdOf } from './auth-test-support.ts';
import { buildMasqueradeApp, startMasquerade } from './masquerade-test-support.ts';

let fixture: ApiFixture;
let app: App;
const tokens = new Map<string, { token: string; host: string }>();
let tenantA: string;
let tenantB: string;
let staffA: string;
let staffB: string;
let startedAt: Date;

const audit = (who: string, query = '') => {
  const { token, host } = tokens.get(who)!;
  return app.inject({ url: `/api/audit${query}`, headers: { host, authorization: `Bearer ${token}` } });
};

type Event = { action: string; actorEmail: string; targetEmail: string; tenantId: string | null; hash: string };

beforeAll(async () => {
  fixture = await createApiFixture();
  ({ app } = await buildMasqueradeApp(fixture.database));
  tenantA = await tenantIdOf(fixture.database, TENANT_A.schemaName);
  tenantB = await tenantIdOf(fixture.database, TENANT_B.schemaName);
  for (const role of ROLES) {
    const platform = !role.startsWith('TENANT_') && role !== 'CUSTOMER';
    for (const [suffix, tenantId] of platform ? [['', null] as const] : [['a', tenantA] as const, ['b', tenantB] as const]) {
      const email = `${role.toLowerCase()}${suffix}@audit.test`;
      await createUser(fixture.database, { email, role: role as Role, tenantId });
      const host = tenantId === null ? HOSTS.platform : tenantId === tenantA ? HOSTS.alpha : HOSTS.beta;
      tokens.set(`${role}${suffix}`, { token: (await login(app, host, email)).accessToken, host });
    }
  }
  staffA = (await fixture.database.shared.user.findFirstOrThrow({ where: { email: 'tenant_staffa@audit.test' } })).id;
  staffB = (await fixture.database.shared.user.findFirstOrThrow({ where: { email: 'tenant_staffb@audit.test' } })).id;
  startedAt = new Date();
  const support = tokens.get('PLATFORM_SUPPORT')!;
  const ownerA = tokens.get('TENANT_OWNERa')!;
  // Three events: support → staff A (start), owner A → staff A (start), owner A → staff B (denied: other tenant).
  expect((await startMasquerade(app, support.host, support.token, { userId: staffA })).statusCode).toBe(200);
  expect((await startMasquerade(app, ownerA.host, ownerA.token, { userId: staffA })).statusCode).toBe(200);
  expect((await startMasquerade(app, ownerA.host, ownerA.token, { userId: staffB })).statusCode).toBe(404);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await fixture?.close();
});

describe('who reads the audit trail', () => {
  it.each(['SUPERUSER', 'PLATFORM_MANAGER', 'PLATFORM_SALES', 'PLATFORM_SUPPORT'])('%s reads every event', async (role) => {
    const response = await audit(role);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().total).toBe(3);
  });

  it("a tenant owner reads only their tenant's events", async () => {
    const a = (await audit('TENANT_OWNERa')).json<{ events: Event[]; total: number }>();
    expect(a.total).toBe(3);
    expect(a.events.every((event) => event.tenantId === tenantA)).toBe(true);
    const b = (await audit('TENANT_OWNERb')).json<{ events: Event[]; total: number }>();
    expect(b.total).toBe(0);
  });

  it.each(['TENANT_MANAGERa', 'TENANT_STAFFa', 'CUSTOMERa'])('%s is refused', async (who) => {
    expect((await audit(who)).statusCode).toBe(403);
  });

  it('needs a token', async () => {
    expect((await app.inject({ url: '/api/audit', headers: { host: HOSTS.platform } })).statusCode).toBe(401);
  });
});

describe('filters', () => {
  it('by action, actor and target (email or id), newest first', async () => {
    const denied = (await audit('SUPERUSER', '?action=HIJACK_DENIED')).json<{ events: Event[] }>().events;
    expect(denied.map((event) => event.targetEmail)).toEqual(['tenant_staffb@audit.test']);
    const byActor = (await audit('SUPERUSER', '?actor=TENANT_OWNERA@audit.test')).json<{ events: Event[] }>().events;
    expect(byActor.map((event) => event.action)).toEqual(['HIJACK_DENIED', 'HIJACK_START']);
    const byTarget = (await audit('SUPERUSER', `?target=${staffA}`)).json<{ events: Event[] }>().events;
    expect(byTarget).toHaveLength(2);
  });

  it('by time window and with paging', async () => {
    const from = encodeURIComponent(startedAt.toISOString());
    const to = encodeURIComponent(new Date(Date.now() + 60_000).toISOString());
    expect((await audit('SUPERUSER', `?from=${from}&to=${to}`)).json().total).toBe(3);
    expect((await audit('SUPERUSER', `?to=${from}`)).json().total).toBe(0);
    const page = (await audit('SUPERUSER', '?limit=2&offset=2')).json<{ events: Event[]; total: number }>();
    expect(page.total).toBe(3);
    expect(page.events).toHaveLength(1);
  });

  it.each([
    ['an unknown action', '?action=DROP_TABLE'],
    ['a date without offset', '?from=2026-01-01T10:00:00'],
    ['from after to', '?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z'],
    ['a zero limit', '?limit=0'],
    ['a negative offset', '?offset=-1'],
    ['an unknown parameter', '?tenantId=x'],
  ])('refuses %s with 400', async (_case, query) => {
    const response = await audit('SUPERUSER', query);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_ERROR');
  });
});

describe('security events', () => {
  const security = (who: string, query = '') => {
    const { token, host } = tokens.get(who)!;
    return app.inject({ url: `/api/audit/security${query}`, headers: { host, authorization: `Bearer ${token}` } });
  };

  it('platform staff read the security log, newest first, filtered by event and user', async () => {
    const failed = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { host: HOSTS.beta }, payload: { email: 'customerb@audit.test', password: 'wrong password' } });
    expect(failed.statusCode).toBe(401);
    const response = await security('SUPERUSER', '?event=login.failure');
    expect(response.statusCode, response.body).toBe(200);
    const events = response.json<{ events: Array<{ event: string; email: string; time: string }> }>().events;
    expect(events[0]).toMatchObject({ event: 'login.failure', email: 'customerb@audit.test' });
    expect(events.every((event) => event.event === 'login.failure')).toBe(true);
    const logins = (await security('PLATFORM_SUPPORT', '?event=login.success&user=tenant_ownera@audit.test')).json().events;
    expect(logins).toHaveLength(1);
  });

  it("a tenant owner reads only their tenant's security events", async () => {
    const events = (await security('TENANT_OWNERa')).json<{ events: Array<{ tenant: string }> }>().events;
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((event) => event.tenant === TENANT_A.schemaName)).toBe(true);
  });

  it('is refused to other tenant roles and checks its query', async () => {
    expect((await security('TENANT_MANAGERa')).statusCode).toBe(403);
    expect((await security('SUPERUSER', '?event=nope')).statusCode).toBe(400);
    expect((await security('SUPERUSER', '?limit=501')).statusCode).toBe(400);
  });
});

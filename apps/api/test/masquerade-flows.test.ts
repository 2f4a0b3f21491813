/**
 * Masquerade rules beyond the matrix: depth 1, superuser targets, expiry on the next request after
 * MASQUERADE_MAX_MINUTES (and its audit), actions refused while masquerading, stop, host binding, the hijacker's
 * own session ending it, lastLogin left alone, and request logs naming actor and subject.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { captureLogs, createApiFixture, TENANT_A, TENANT_B, type ApiFixture } from './api-test-app.ts';
import { claimsOf, createUser, handMadeJwt, HOSTS, login, me, PASSWORD, tenantIdOf } from './auth-test-support.ts';
import {
  buildMasqueradeApp,
  startMasquerade,
  stopMasquerade,
  trailDuring,
  type MovableClock,
} from './masquerade-test-support.ts';

let fixture: ApiFixture;
let app: App;
let clock: MovableClock;
let logDir: string;
const logs = captureLogs();
const users: Record<string, { id: string; email: string }> = {};

const bearer = (host: string, token: string) => ({ host, authorization: `Bearer ${token}` });

beforeAll(async () => {
  fixture = await createApiFixture();
  ({ app, clock, logDir } = await buildMasqueradeApp(fixture.database, { logger: logs.logger }));
  const tenantA = await tenantIdOf(fixture.database, TENANT_A.schemaName);
  const tenantB = await tenantIdOf(fixture.database, TENANT_B.schemaName);
  const make = async (key: string, role: Parameters<typeof createUser>[1]['role'], tenantId: string | null) => {
    const email = `${key.toLowerCase()}@flows.test`;
    const user = await createUser(fixture.database, { email, role, tenantId });
    users[key] = { id: user.id, email };
  };
  await make('root', 'SUPERUSER', null);
  await make('root2', 'SUPERUSER', null);
  await make('support', 'PLATFORM_SUPPORT', null);
  await make('ownerA', 'TENANT_OWNER', tenantA);
  await make('managerA', 'TENANT_MANAGER', tenantA);
  await make('staffA', 'TENANT_STAFF', tenantA);
  await make('staffB', 'TENANT_STAFF', tenantB);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await fixture?.close();
});

beforeEach(() => clock.reset());

async function masqueradeAs(hijacker: string, target: string, host: string = HOSTS.platform) {
  const session = await login(app, host, users[hijacker]!.email);
  const response = await startMasquerade(app, host, session.accessToken, { userId: users[target]!.id, reason: 'support ticket 42' });
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json<{ accessToken: string; expiresIn: number; actor: { masqueradeId: string; expiresAt: string } }>();
  return { session, token: body.accessToken, body };
}

describe('depth, self and superusers', () => {
  it('refuses a masquerade started from a masquerade, auditing the real person', async () => {
    const { token } = await masqueradeAs('root', 'ownerA');
    const { lines, rows } = await trailDuring(fixture.database, logDir, async () => {
      const response = await startMasquerade(app, HOSTS.alpha, token, { userId: users.staffA!.id });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('BLOCKED_WHILE_MASQUERADING');
    });
    expect(lines).toEqual([expect.objectContaining({ action: 'HIJACK_DENIED', hijacker_email: users.root!.email, hijacked_email: users.staffA!.email, denial_reason: 'already masquerading (maximum depth 1)' })]);
    expect(rows.map((row) => row.action)).toEqual(['HIJACK_DENIED']);
  });

  it('lets only a superuser become a superuser', async () => {
    const support = await login(app, HOSTS.platform, users.support!.email);
    const refused = await startMasquerade(app, HOSTS.platform, support.accessToken, { userId: users.root!.id });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('only a superuser');
    const { token } = await masqueradeAs('root', 'root2');
    expect((await me(app, HOSTS.platform, token)).json().user.email).toBe(users.root2!.email);
  });

  it('answers 404 for an unknown user, audited as a denial', async () => {
    const root = await login(app, HOSTS.platform, users.root!.email);
    const { lines } = await trailDuring(fixture.database, logDir, async () => {
      const response = await startMasquerade(app, HOSTS.platform, root.accessToken, { userId: '00000000-0000-4000-8000-000000000000' });
      expect(response.statusCode).toBe(404);
    });
    expect(lines).toEqual([expect.objectContaining({ action: 'HIJACK_DENIED', hijacked_email: null, denial_reason: 'target does not exist' })]);
  });

  it.each([
    ['userId missing', {}],
    ['userId not a uuid', { userId: 'not-a-uuid' }],
    ['reason too long', { userId: '00000000-0000-4000-8000-000000000000', reason: 'x'.repeat(501) }],
    ['an unknown field', { userId: '00000000-0000-4000-8000-000000000000', extra: true }],
  ])('answers 400 for a bad body (%s) and audits nothing', async (_case, payload) => {
    const root = await login(app, HOSTS.platform, users.root!.email);
    const { lines, rows } = await trailDuring(fixture.database, logDir, async () => {
      const response = await startMasquerade(app, HOSTS.platform, root.accessToken, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_ERROR');
    });
    expect(lines).toEqual([]);
    expect(rows).toEqual([]);
  });

  it('needs an access token', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/masquerade/start', headers: { host: HOSTS.platform }, payload: { userId: users.staffA!.id } });
    expect(response.statusCode).toBe(401);
  });
});

describe('expiry', () => {
  it('holds until MASQUERADE_MAX_MINUTES, then the next request is refused and HIJACK_EXPIRED audited once', async () => {
    const { token, body } = await masqueradeAs('support', 'staffA');
    expect(body.expiresIn).toBe(30 * 60);
    const expiresAt = new Date(body.actor.expiresAt);
    clock.set(new Date(expiresAt.getTime() - 1000));
    expect((await me(app, HOSTS.alpha, token)).statusCode).toBe(200);

    clock.set(new Date(expiresAt.getTime() + 1000));
    const { lines, rows } = await trailDuring(fixture.database, logDir, async () => {
      const response = await me(app, HOSTS.alpha, token);
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('MASQUERADE_ENDED');
    });
    expect(lines).toEqual([expect.objectContaining({ action: 'HIJACK_EXPIRED', hijacker_email: users.support!.email, hijacked_email: users.staffA!.email, session_key: body.actor.masqueradeId })]);
    expect(rows.map((row) => row.action)).toEqual(['HIJACK_EXPIRED']);

    const again = await trailDuring(fixture.database, logDir, async () => {
      expect((await me(app, HOSTS.alpha, token)).statusCode).toBe(401);
    });
    expect(again.lines).toEqual([]);
    expect(again.rows).toEqual([]);
  });

  it('expires a masquerade nobody uses again when the next masquerade starts', async () => {
    const first = await masqueradeAs('support', 'staffA');
    clock.advanceMinutes(31);
    const { rows } = await trailDuring(fixture.database, logDir, () => masqueradeAs('root', 'managerA'));
    // Earlier tests left masquerades running too: every overdue one is expired, then the new one starts.
    expect(rows.at(-1)!.action).toBe('HIJACK_START');
    expect(rows.slice(0, -1).every((row) => row.action === 'HIJACK_EXPIRED')).toBe(true);
    expect(rows.map((row) => row.sessionKey)).toContain(first.body.actor.masqueradeId);
    const stillRunning = await fixture.database.shared.masqueradeSession.count({ where: { endedAt: null, expiresAt: { lte: clock() } } });
    expect(stillRunning).toBe(0);
  });

  it('follows MASQUERADE_MAX_MINUTES', async () => {
    const short = await buildMasqueradeApp(fixture.database, { env: { MASQUERADE_MAX_MINUTES: '5' } });
    try {
      const support = await login(short.app, HOSTS.platform, users.support!.email);
      const started = await startMasquerade(short.app, HOSTS.platform, support.accessToken, { userId: users.staffA!.id });
      expect(started.json().expiresIn).toBe(300);
      short.clock.advanceMinutes(4);
      expect((await me(short.app, HOSTS.alpha, started.json().accessToken)).statusCode).toBe(200);
      short.clock.advanceMinutes(2);
      expect((await me(short.app, HOSTS.alpha, started.json().accessToken)).statusCode).toBe(401);
    } finally {
      await short.app.close();
    }
  });
});

describe('while masquerading', () => {
  it('refuses a password change', async () => {
    const { token } = await masqueradeAs('support', 'staffA');
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: bearer(HOSTS.alpha, token),
      payload: { currentPassword: PASSWORD, newPassword: 'another long password' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('BLOCKED_WHILE_MASQUERADING');
  });

  it('refuses an email change but not other changes', async () => {
    const { token } = await masqueradeAs('root', 'ownerA');
    const patch = (payload: Record<string, unknown>) =>
      app.inject({ method: 'PATCH', url: `/api/users/${users.managerA!.id}`, headers: bearer(HOSTS.alpha, token), payload });
    const email = await patch({ email: 'changed@flows.test' });
    expect(email.statusCode).toBe(403);
    expect(email.json().error.code).toBe('BLOCKED_WHILE_MASQUERADING');
    expect((await fixture.database.shared.user.findUniqueOrThrow({ where: { id: users.managerA!.id } })).email).toBe(users.managerA!.email);
    const name = await patch({ firstName: 'Renamed' });
    expect(name.statusCode, name.body).toBe(200);
  });

  it("leaves the target's lastLogin untouched", async () => {
    const before = await fixture.database.shared.user.findUniqueOrThrow({ where: { id: users.managerA!.id } });
    const { token } = await masqueradeAs('support', 'managerA');
    expect((await me(app, HOSTS.alpha, token)).statusCode).toBe(200);
    const after = await fixture.database.shared.user.findUniqueOrThrow({ where: { id: users.managerA!.id } });
    expect(after.lastLogin).toEqual(before.lastLogin);
  });

  it('logs every request with the actor and the subject', async () => {
    const { token, body } = await masqueradeAs('support', 'staffA');
    const before = logs.lines.length;
    expect((await me(app, HOSTS.alpha, token)).statusCode).toBe(200);
    const completion = logs.lines.slice(before).find((line) => line.msg === 'request completed');
    expect(completion).toMatchObject({ user: users.staffA!.id, actor: users.support!.id, actorEmail: users.support!.email, masqueradeId: body.actor.masqueradeId });
  });
});

describe('stop and the token', () => {
  it('stop returns the original identity and ends the masquerade token', async () => {
    const { token, body } = await masqueradeAs('support', 'staffA');
    const { lines } = await trailDuring(fixture.database, logDir, async () => {
      const stop = await stopMasquerade(app, HOSTS.alpha, token);
      expect(stop.statusCode, stop.body).toBe(200);
      const original = await me(app, HOSTS.platform, stop.json().accessToken);
      expect(original.json()).toMatchObject({ user: { id: users.support!.id }, actor: null });
    });
    expect(lines).toEqual([expect.objectContaining({ action: 'HIJACK_END', session_key: body.actor.masqueradeId })]);
    const after = await me(app, HOSTS.alpha, token);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('MASQUERADE_ENDED');
  });

  it('stop without a masquerade answers 409 and audits nothing', async () => {
    const support = await login(app, HOSTS.platform, users.support!.email);
    const { rows } = await trailDuring(fixture.database, logDir, async () => {
      const response = await stopMasquerade(app, HOSTS.platform, support.accessToken);
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe('NOT_MASQUERADING');
    });
    expect(rows).toEqual([]);
  });

  it("is refused on another tenant's host and on the platform host", async () => {
    const { token } = await masqueradeAs('support', 'staffA');
    expect((await me(app, HOSTS.beta, token)).statusCode).toBe(401);
    expect((await me(app, HOSTS.platform, token)).statusCode).toBe(401);
    expect((await me(app, HOSTS.alpha, token)).statusCode).toBe(200);
  });

  it("ends when the hijacker's own session ends", async () => {
    const { token, session } = await masqueradeAs('support', 'staffA');
    const logout = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(HOSTS.platform, session.accessToken) });
    expect(logout.statusCode).toBe(204);
    expect((await me(app, HOSTS.alpha, token)).statusCode).toBe(401);
  });

  it('ends when the hijacker is deactivated', async () => {
    const { token } = await masqueradeAs('root2', 'staffA');
    await fixture.database.shared.user.update({ where: { id: users.root2!.id }, data: { isActive: false } });
    try {
      expect((await me(app, HOSTS.alpha, token)).statusCode).toBe(401);
    } finally {
      await fixture.database.shared.user.update({ where: { id: users.root2!.id }, data: { isActive: true } });
    }
  });

  it('refuses a signed token that names a masquerade that does not exist', async () => {
    const { token } = await masqueradeAs('support', 'staffA');
    const claims = claimsOf(token) as { act: { sub: string; msid: string } };
    const forged = handMadeJwt({ ...claims, act: { ...claims.act, msid: '00000000-0000-4000-8000-000000000000' } });
    expect((await me(app, HOSTS.alpha, forged)).statusCode).toBe(401);
    const retargeted = handMadeJwt({ ...claims, sub: users.managerA!.id, role: 'TENANT_MANAGER' });
    expect((await me(app, HOSTS.alpha, retargeted)).statusCode).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { buildTestApp, createApiFixture, TENANT_A, TENANT_B, type ApiFixture } from './api-test-app.ts';
import {
  createUser,
  HOSTS,
  JWT_SECRET,
  linesDuring,
  login,
  me,
  PASSWORD,
  refresh,
  refreshCookieOf,
  tenantIdOf,
} from './auth-test-support.ts';

let fixture: ApiFixture;
let app: App;
let alphaId: string;
let betaId: string;

beforeAll(async () => {
  fixture = await createApiFixture();
  alphaId = await tenantIdOf(fixture.database, TENANT_A.schemaName);
  betaId = await tenantIdOf(fixture.database, TENANT_B.schemaName);
  const { database } = fixture;
  await createUser(database, { email: 'owner@alpha.test', role: 'TENANT_OWNER', tenantId: alphaId });
  await createUser(database, { email: 'gone@alpha.test', role: 'TENANT_STAFF', tenantId: alphaId, isActive: false });
  await createUser(database, { email: 'root@platform.test', role: 'SUPERUSER' });
  // The same email in two tenants, with different passwords.
  await createUser(database, { email: 'twin@example.test', role: 'CUSTOMER', tenantId: alphaId, password: 'alpha-twin-password' });
  await createUser(database, { email: 'twin@example.test', role: 'CUSTOMER', tenantId: betaId, password: 'beta-twin-password' });
  app = await buildTestApp(fixture.database, undefined, { JWT_SECRET });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await fixture?.close();
});

describe('POST /api/auth/login', () => {
  it('logs a tenant user in on their host: token, user without hash, refresh cookie, lastLogin, a log line', async () => {
    let response!: Awaited<ReturnType<App['inject']>>;
    const lines = await linesDuring(app, async () => {
      response = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { host: HOSTS.alpha },
        payload: { email: '  Owner@Alpha.TEST ', password: PASSWORD },
      });
    });
    expect(response.statusCode).toBe(400);
    // Surrounding spaces are not an email: the address itself, in any case, is.
    response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { host: HOSTS.alpha },
      payload: { email: 'Owner@Alpha.TEST', password: PASSWORD },
    });
    expect(lines).toEqual([]);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      expiresIn: 900,
      user: { email: 'owner@alpha.test', role: 'TENANT_OWNER', tenantId: alphaId, isActive: true },
    });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(JSON.stringify(body)).not.toContain('argon2');
    expect(body.user.lastLogin).not.toBeNull();

    const cookie = response.cookies.find((candidate) => candidate.name === 'ss_refresh');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth' });
    expect(cookie!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The token itself is never stored, only its sha256.
    const stored = await fixture.database.shared.session.findMany({ where: { userId: body.user.id } });
    expect(stored.some((row) => row.refreshTokenHash === cookie!.value)).toBe(false);
    expect(stored.every((row) => /^[0-9a-f]{64}$/.test(row.refreshTokenHash))).toBe(true);

    const user = await fixture.database.shared.user.findUniqueOrThrow({ where: { id: body.user.id } });
    expect(user.lastLogin).not.toBeNull();
  });

  it('writes login.success with user, email, ip and tenant', async () => {
    const lines = await linesDuring(app, () => login(app, HOSTS.alpha, 'owner@alpha.test'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      event: 'login.success',
      email: 'owner@alpha.test',
      ip: '127.0.0.1',
      tenant: TENANT_A.schemaName,
    });
    expect(lines[0]!.userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(lines[0]!.time)).not.toBeNaN();
  });

  it('answers unknown email, wrong password and inactive account identically, and logs each failure', async () => {
    const attempt = (email: string, password: string) =>
      app.inject({ method: 'POST', url: '/api/auth/login', headers: { host: HOSTS.alpha }, payload: { email, password } });
    let answers: Array<Awaited<ReturnType<typeof attempt>>> = [];
    const lines = await linesDuring(app, async () => {
      answers = [
        await attempt('nobody@alpha.test', PASSWORD),
        await attempt('owner@alpha.test', 'wrong password!'),
        await attempt('gone@alpha.test', PASSWORD),
      ];
    });
    for (const answer of answers) {
      expect(answer.statusCode).toBe(401);
      expect(answer.body).toBe(answers[0]!.body);
      expect(answer.cookies).toEqual([]);
    }
    expect(answers[0]!.json()).toEqual({
      error: { code: 'INVALID_CREDENTIALS', message: 'The email or password is incorrect' },
    });
    expect(lines.map((line) => [line.event, line.email, line.reason])).toEqual([
      ['login.failure', 'nobody@alpha.test', 'unknown email'],
      ['login.failure', 'owner@alpha.test', 'wrong password'],
      ['login.failure', 'gone@alpha.test', 'inactive user'],
    ]);
  });

  it('logs a user in only on their own host: the same email in two tenants, and platform vs tenant', async () => {
    expect((await login(app, HOSTS.alpha, 'twin@example.test', 'alpha-twin-password')).accessToken).toBeTruthy();
    expect((await login(app, HOSTS.beta, 'twin@example.test', 'beta-twin-password')).accessToken).toBeTruthy();
    const cases = [
      { host: HOSTS.beta, email: 'twin@example.test', password: 'alpha-twin-password' },
      { host: HOSTS.alpha, email: 'twin@example.test', password: 'beta-twin-password' },
      { host: HOSTS.platform, email: 'owner@alpha.test', password: PASSWORD },
      { host: HOSTS.alpha, email: 'root@platform.test', password: PASSWORD },
    ];
    for (const { host, email, password } of cases) {
      const response = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { host }, payload: { email, password } });
      expect(response.statusCode, `${email} on ${host}`).toBe(401);
      expect(response.json().error.code).toBe('INVALID_CREDENTIALS');
    }
    expect((await login(app, HOSTS.platform, 'root@platform.test')).accessToken).toBeTruthy();
  });
});

describe('GET /api/auth/me', () => {
  it('returns the user (and no actor) for a valid token', async () => {
    const session = await login(app, HOSTS.alpha, 'owner@alpha.test');
    const response = await me(app, HOSTS.alpha, session.accessToken);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ user: { id: session.userId, email: 'owner@alpha.test' }, actor: null });
    expect(response.json().user).not.toHaveProperty('passwordHash');
  });

  it('answers 401 AUTHENTICATION_REQUIRED without a token', async () => {
    const response = await app.inject({ url: '/api/auth/me', headers: { host: HOSTS.alpha } });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('AUTHENTICATION_REQUIRED');
  });
});

describe('POST /api/auth/refresh and /logout', () => {
  it('rotates: a new cookie and access token, the old row marked replaced in the same family', async () => {
    const session = await login(app, HOSTS.alpha, 'owner@alpha.test');
    const response = await refresh(app, HOSTS.alpha, session.refreshCookie);
    expect(response.statusCode).toBe(200);
    const rotated = refreshCookieOf(response)!;
    expect(rotated).toBeTruthy();
    expect(rotated).not.toBe(session.refreshCookie);
    expect((await me(app, HOSTS.alpha, response.json().accessToken)).statusCode).toBe(200);
    const rows = await fixture.database.shared.session.findMany({
      where: { userId: session.userId },
      orderBy: { createdAt: 'asc' },
    });
    const family = rows.filter((row) => row.familyId === rows.at(-1)!.familyId);
    expect(family).toHaveLength(2);
    expect(family[0]!.replacedAt).not.toBeNull();
    expect(family[1]!.replacedAt).toBeNull();
    expect(family[1]!.revokedAt).toBeNull();
  });

  it('answers 401 without a cookie or with an unknown one', async () => {
    for (const cookies of [{}, { ss_refresh: 'not-a-real-token' }] as Array<Record<string, string>>) {
      const response = await app.inject({ method: 'POST', url: '/api/auth/refresh', headers: { host: HOSTS.alpha }, cookies });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('INVALID_REFRESH_TOKEN');
    }
  });

  it('refuses a refresh cookie on another host than its user\'s', async () => {
    const session = await login(app, HOSTS.alpha, 'owner@alpha.test');
    const response = await refresh(app, HOSTS.beta, session.refreshCookie);
    expect(response.statusCode).toBe(401);
  });

  it('refuses an expired session', async () => {
    const session = await login(app, HOSTS.alpha, 'owner@alpha.test');
    await fixture.database.shared.session.updateMany({
      where: { userId: session.userId, replacedAt: null, revokedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await refresh(app, HOSTS.alpha, session.refreshCookie)).statusCode).toBe(401);
    expect((await me(app, HOSTS.alpha, session.accessToken)).statusCode).toBe(401);
  });

  it('logout revokes the family: the refresh cookie and the access token stop working', async () => {
    const session = await login(app, HOSTS.alpha, 'owner@alpha.test');
    let response!: Awaited<ReturnType<App['inject']>>;
    const lines = await linesDuring(app, async () => {
      response = await app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { host: HOSTS.alpha, authorization: `Bearer ${session.accessToken}` },
        cookies: { ss_refresh: session.refreshCookie },
      });
    });
    expect(response.statusCode).toBe(204);
    expect(response.cookies.find((cookie) => cookie.name === 'ss_refresh')?.value).toBe('');
    expect(lines).toMatchObject([{ event: 'logout', userId: session.userId, tenant: TENANT_A.schemaName }]);
    expect((await refresh(app, HOSTS.alpha, session.refreshCookie)).statusCode).toBe(401);
    expect((await me(app, HOSTS.alpha, session.accessToken)).statusCode).toBe(401);
  });

  it('logout with the cookie alone also revokes, and without anything answers 204', async () => {
    const session = await login(app, HOSTS.alpha, 'owner@alpha.test');
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { host: HOSTS.alpha },
      cookies: { ss_refresh: session.refreshCookie },
    });
    expect(response.statusCode).toBe(204);
    expect((await me(app, HOSTS.alpha, session.accessToken)).statusCode).toBe(401);
    const bare = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { host: HOSTS.alpha } });
    expect(bare.statusCode).toBe(204);
  });
});

describe('POST /api/auth/register', () => {
  it('creates a CUSTOMER of the host tenant, logs them in, and refuses the same email again (409)', async () => {
    const payload = { email: 'New.Customer@Example.test', password: 'a long enough password', firstName: 'Nia', lastName: 'Cole' };
    const response = await app.inject({ method: 'POST', url: '/api/auth/register', headers: { host: HOSTS.alpha }, payload });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      user: { email: 'new.customer@example.test', role: 'CUSTOMER', tenantId: alphaId, firstName: 'Nia' },
    });
    expect(refreshCookieOf(response)).toBeTruthy();
    expect((await me(app, HOSTS.alpha, response.json().accessToken)).statusCode).toBe(200);

    const again = await app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { host: HOSTS.alpha },
      payload: { ...payload, email: 'new.customer@EXAMPLE.test' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('EMAIL_TAKEN');
    expect(await fixture.database.shared.user.count({ where: { email: 'new.customer@example.test' } })).toBe(1);

    // Another tenant has its own customers.
    const elsewhere = await app.inject({ method: 'POST', url: '/api/auth/register', headers: { host: HOSTS.beta }, payload });
    expect(elsewhere.statusCode).toBe(201);
    expect(elsewhere.json().user.tenantId).toBe(betaId);
    await login(app, HOSTS.alpha, 'new.customer@example.test', payload.password);
  });

  it('is for tenant hosts only', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { host: HOSTS.platform },
      payload: { email: 'x@example.test', password: 'a long enough password', firstName: 'X', lastName: 'Y' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('TENANT_CONTEXT_REQUIRED');
    expect(await fixture.database.shared.user.count({ where: { email: 'x@example.test' } })).toBe(0);
  });
});

describe('POST /api/auth/password', () => {
  it('refuses a wrong current password (400) and changes nothing', async () => {
    await createUser(fixture.database, { email: 'changer@alpha.test', role: 'TENANT_STAFF', tenantId: alphaId });
    const session = await login(app, HOSTS.alpha, 'changer@alpha.test');
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { host: HOSTS.alpha, authorization: `Bearer ${session.accessToken}` },
      payload: { currentPassword: 'not the password', newPassword: 'a brand new password' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('CURRENT_PASSWORD_INCORRECT');
    await login(app, HOSTS.alpha, 'changer@alpha.test');
  });

  it('changes the password and ends the other sessions, keeping this one', async () => {
    await createUser(fixture.database, { email: 'mover@alpha.test', role: 'TENANT_STAFF', tenantId: alphaId });
    const other = await login(app, HOSTS.alpha, 'mover@alpha.test');
    const current = await login(app, HOSTS.alpha, 'mover@alpha.test');
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { host: HOSTS.alpha, authorization: `Bearer ${current.accessToken}` },
      payload: { currentPassword: PASSWORD, newPassword: 'a brand new password' },
    });
    expect(response.statusCode).toBe(204);
    expect((await me(app, HOSTS.alpha, current.accessToken)).statusCode).toBe(200);
    expect((await refresh(app, HOSTS.alpha, current.refreshCookie)).statusCode).toBe(200);
    expect((await me(app, HOSTS.alpha, other.accessToken)).statusCode).toBe(401);
    expect((await refresh(app, HOSTS.alpha, other.refreshCookie)).statusCode).toBe(401);
    await expect(login(app, HOSTS.alpha, 'mover@alpha.test')).rejects.toThrow(/401/);
    await login(app, HOSTS.alpha, 'mover@alpha.test', 'a brand new password');
  });

  it('requires authentication', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { host: HOSTS.alpha },
      payload: { currentPassword: PASSWORD, newPassword: 'a brand new password' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('AUTHENTICATION_REQUIRED');
  });
});

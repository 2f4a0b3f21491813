/** Bad input on every /api/auth endpoint (400, field issues, no write) and the login rate limits (429). */
import { randomUUID } from 'node:crypto';
import { createDatabase, type Database } from '@smoothschedule/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { buildTestApp, createApiFixture, TENANT_A, type ApiFixture } from './api-test-app.ts';
import { createUser, HOSTS, JWT_SECRET, linesDuring, login, PASSWORD, tenantIdOf, type LoggedIn } from './auth-test-support.ts';

let fixture: ApiFixture;
let app: App;
let owner: LoggedIn;
const openApps: App[] = [];
const openDatabases: Database[] = [];

const LIMITS = { LOGIN_RATE_LIMIT_PER_ACCOUNT: '3', LOGIN_RATE_LIMIT_PER_IP: '5', LOGIN_RATE_LIMIT_WINDOW_SECONDS: '120' };

/** An API instance with its own pool (each instance's tenancy listener holds one connection of its pool). */
async function startApp(env: Record<string, string> = {}): Promise<App> {
  const database = createDatabase({ connectionString: fixture.testDb.url, poolSize: 4 });
  openDatabases.push(database);
  const started = await buildTestApp(database, undefined, { JWT_SECRET, ...LIMITS, ...env });
  await started.ready();
  openApps.push(started);
  return started;
}

beforeAll(async () => {
  fixture = await createApiFixture();
  const alphaId = await tenantIdOf(fixture.database, TENANT_A.schemaName);
  for (const name of ['owner', 'limited', 'reset', 'redis', 'memory']) {
    await createUser(fixture.database, { email: `${name}@alpha.test`, role: 'TENANT_OWNER', tenantId: alphaId });
  }
  app = await startApp();
  owner = await login(app, HOSTS.alpha, 'owner@alpha.test');
});

afterAll(async () => {
  for (const started of openApps) await started.close();
  for (const database of openDatabases) await database.close();
  await fixture?.close();
});

const counts = async () => ({
  users: await fixture.database.shared.user.count(),
  sessions: await fixture.database.shared.session.count(),
  hashes: (await fixture.database.shared.user.findMany({ select: { passwordHash: true }, orderBy: { id: 'asc' } }))
    .map((user) => user.passwordHash)
    .join(),
});

const long = (length: number) => 'x'.repeat(length);

describe('bad input answers 400 with field issues and writes nothing', () => {
  const cases: Array<{ name: string; url: string; payload: unknown; paths: string[]; auth?: boolean }> = [
    { name: 'login: missing fields', url: '/api/auth/login', payload: {}, paths: ['body.email', 'body.password'] },
    { name: 'login: wrong types', url: '/api/auth/login', payload: { email: 42, password: true }, paths: ['body.email', 'body.password'] },
    { name: 'login: not an email', url: '/api/auth/login', payload: { email: 'owner', password: PASSWORD }, paths: ['body.email'] },
    {
      name: 'login: oversized',
      url: '/api/auth/login',
      payload: { email: `${long(250)}@alpha.test`, password: long(201) },
      paths: ['body.email', 'body.password'],
    },
    {
      name: 'register: missing fields',
      url: '/api/auth/register',
      payload: { email: 'new@alpha.test' },
      paths: ['body.password', 'body.firstName', 'body.lastName'],
    },
    {
      name: 'register: wrong types',
      url: '/api/auth/register',
      payload: { email: ['new@alpha.test'], password: 1234567890, firstName: {}, lastName: null },
      paths: ['body.email', 'body.password', 'body.firstName', 'body.lastName'],
    },
    {
      name: 'register: password too short, names empty',
      url: '/api/auth/register',
      payload: { email: 'new@alpha.test', password: 'short', firstName: '  ', lastName: '' },
      paths: ['body.password', 'body.firstName', 'body.lastName'],
    },
    {
      name: 'register: oversized',
      url: '/api/auth/register',
      payload: { email: 'new@alpha.test', password: long(201), firstName: long(101), lastName: long(101) },
      paths: ['body.password', 'body.firstName', 'body.lastName'],
    },
    { name: 'password: missing fields', url: '/api/auth/password', payload: {}, paths: ['body.currentPassword', 'body.newPassword'], auth: true },
    {
      name: 'password: wrong types',
      url: '/api/auth/password',
      payload: { currentPassword: 5, newPassword: false },
      paths: ['body.currentPassword', 'body.newPassword'],
      auth: true,
    },
    {
      name: 'password: new one too short or too long',
      url: '/api/auth/password',
      payload: { currentPassword: PASSWORD, newPassword: 'short' },
      paths: ['body.newPassword'],
      auth: true,
    },
    {
      name: 'password: oversized',
      url: '/api/auth/password',
      payload: { currentPassword: long(201), newPassword: long(201) },
      paths: ['body.currentPassword', 'body.newPassword'],
      auth: true,
    },
  ];

  it.each(cases)('$name', async ({ url, payload, paths, auth }) => {
    const before = await counts();
    const headers: Record<string, string> = { host: HOSTS.alpha };
    if (auth) headers.authorization = `Bearer ${owner.accessToken}`;
    const response = await app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('VALIDATION_ERROR');
    const reported = (body.error.details as Array<{ path: string; message: string }>).map((issue) => issue.path);
    for (const path of paths) expect(reported).toContain(path);
    expect(response.cookies).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it.each(['/api/auth/login', '/api/auth/register', '/api/auth/password'])('%s: malformed JSON', async (url) => {
    const before = await counts();
    const response = await app.inject({
      method: 'POST',
      url,
      headers: { host: HOSTS.alpha, 'content-type': 'application/json', authorization: `Bearer ${owner.accessToken}` },
      payload: '{"email": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('MALFORMED_JSON');
    expect(await counts()).toEqual(before);
  });
});

const attempt = (target: App, email: string, password: string, remoteAddress = '127.0.0.1') =>
  target.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, headers: { host: HOSTS.alpha }, payload: { email, password } });

describe('login rate limits (in memory)', () => {
  it('per account: after 3 failures even the right password gets 429 RATE_LIMITED, with Retry-After, logged', async () => {
    for (let index = 0; index < 3; index += 1) {
      expect((await attempt(app, 'limited@alpha.test', 'wrong password', `10.0.1.${index}`)).statusCode).toBe(401);
    }
    let response!: Awaited<ReturnType<typeof attempt>>;
    const lines = await linesDuring(app, async () => {
      response = await attempt(app, 'LIMITED@alpha.test', PASSWORD, '10.0.1.9');
    });
    expect(response.statusCode).toBe(429);
    expect(response.json()).toEqual({
      error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many failed attempts; try again in \d+ seconds$/) },
    });
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(120);
    expect(lines).toMatchObject([{ event: 'login.rate_limited', email: 'limited@alpha.test', ip: '10.0.1.9' }]);
    // Other accounts are not affected.
    expect((await attempt(app, 'owner@alpha.test', PASSWORD, '10.0.1.9')).statusCode).toBe(200);
  });

  it('per IP: after 5 failures from one address every login from it gets 429; other addresses go on', async () => {
    for (let index = 0; index < 5; index += 1) {
      expect((await attempt(app, `someone${index}@alpha.test`, 'wrong password', '10.0.2.1')).statusCode).toBe(401);
    }
    expect((await attempt(app, 'owner@alpha.test', PASSWORD, '10.0.2.1')).statusCode).toBe(429);
    expect((await attempt(app, 'owner@alpha.test', PASSWORD, '10.0.2.2')).statusCode).toBe(200);
  });

  it('a successful login clears the account\'s failures', async () => {
    for (const password of ['wrong 1', 'wrong 2', PASSWORD, 'wrong 3', 'wrong 4']) {
      const response = await attempt(app, 'reset@alpha.test', password, '10.0.3.1');
      expect(response.statusCode).toBe(password === PASSWORD ? 200 : 401);
    }
  });

  it('in memory, each instance counts on its own', async () => {
    const other = await startApp();
    for (const target of [app, app, other]) {
      expect((await attempt(target, 'memory@alpha.test', 'wrong password', '10.0.4.1')).statusCode).toBe(401);
    }
    expect((await attempt(other, 'memory@alpha.test', 'wrong password', '10.0.4.1')).statusCode).toBe(401);
  });
});

describe('login rate limits in Redis', () => {
  it('hold across API instances sharing one Redis', async () => {
    const env = { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: `ss-test-${randomUUID()}:` };
    const first = await startApp(env);
    const second = await startApp(env);
    for (const target of [first, first, second]) {
      expect((await attempt(target, 'redis@alpha.test', 'wrong password', '10.0.5.1')).statusCode).toBe(401);
    }
    const limited = await attempt(second, 'redis@alpha.test', PASSWORD, '10.0.5.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect((await attempt(first, 'redis@alpha.test', PASSWORD, '10.0.5.2')).statusCode).toBe(429);
  });
});

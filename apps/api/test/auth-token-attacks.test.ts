/** Every forged, stale or misplaced credential answers 401 and leaves a line in security.log. */
import { randomUUID } from 'node:crypto';
import { createDatabase, createTenantProvisioner, loadMigrationSet } from '@smoothschedule/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { buildTestApp, createApiFixture, TENANT_A, TENANT_B, type ApiFixture } from './api-test-app.ts';
import {
  claimsOf,
  createUser,
  handMadeJwt,
  HOSTS,
  JWT_SECRET,
  linesDuring,
  login,
  me,
  refresh,
  refreshCookieOf,
  tenantIdOf,
  type LoggedIn,
} from './auth-test-support.ts';

let fixture: ApiFixture;
let app: App;
let alphaId: string;
let betaId: string;
let owner: LoggedIn;

const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  fixture = await createApiFixture();
  const database = createDatabase({ connectionString: fixture.testDb.url, poolSize: 2 });
  try {
    const provisioner = createTenantProvisioner({ pool: database.pool, tenantMigrations: loadMigrationSet('tenant') });
    await provisioner.provision({ name: 'Demo', schemaName: 'api_auth_demo', domain: HOSTS.demo, isDemo: true });
  } finally {
    await database.close();
  }
  alphaId = await tenantIdOf(fixture.database, TENANT_A.schemaName);
  betaId = await tenantIdOf(fixture.database, TENANT_B.schemaName);
  await createUser(fixture.database, { email: 'owner@alpha.test', role: 'TENANT_OWNER', tenantId: alphaId });
  await createUser(fixture.database, { email: 'owner@beta.test', role: 'TENANT_OWNER', tenantId: betaId });
  for (const role of ['SUPERUSER', 'PLATFORM_MANAGER', 'PLATFORM_SALES', 'PLATFORM_SUPPORT'] as const) {
    await createUser(fixture.database, { email: `${role.toLowerCase()}@platform.test`, role });
  }
  app = await buildTestApp(fixture.database, undefined, { JWT_SECRET });
  await app.ready();
  owner = await login(app, HOSTS.alpha, 'owner@alpha.test');
});

afterAll(async () => {
  await app?.close();
  await fixture?.close();
});

/** Asserts a 401 with `code` and exactly one token.refused line with a reason matching `reason`. */
async function expectRefused(host: string, token: string, code: string, reason: RegExp) {
  let response!: Awaited<ReturnType<typeof me>>;
  const lines = await linesDuring(app, async () => {
    response = await me(app, host, token);
  });
  expect(response.statusCode).toBe(401);
  expect(response.json().error.code).toBe(code);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ event: 'token.refused', ip: '127.0.0.1' });
  expect(String(lines[0]!.reason)).toMatch(reason);
}

describe('forged and stale access tokens', () => {
  it('the genuine token works (the baseline every attack below changes one thing of)', async () => {
    expect((await me(app, HOSTS.alpha, owner.accessToken)).statusCode).toBe(200);
    // And the same claims signed by hand with the real key, too: the forgeries below differ only where they say.
    expect((await me(app, HOSTS.alpha, handMadeJwt(claimsOf(owner.accessToken)))).statusCode).toBe(200);
  });

  it('bad signature (another key)', async () => {
    const forged = handMadeJwt(claimsOf(owner.accessToken), { secret: 'some-other-secret-of-at-least-32-chars' });
    await expectRefused(HOSTS.alpha, forged, 'INVALID_TOKEN', /token FAST_JWT_INVALID_SIGNATURE/);
  });

  it('tampered payload (role raised, signature kept)', async () => {
    const [header, , signature] = owner.accessToken.split('.');
    const payload = Buffer.from(JSON.stringify({ ...claimsOf(owner.accessToken), role: 'SUPERUSER' })).toString('base64url');
    await expectRefused(HOSTS.alpha, `${header}.${payload}.${signature}`, 'INVALID_TOKEN', /token FAST_JWT_INVALID_SIGNATURE/);
  });

  it('alg: none', async () => {
    await expectRefused(HOSTS.alpha, handMadeJwt(claimsOf(owner.accessToken), { alg: 'none' }), 'INVALID_TOKEN', /token FAST_JWT/);
  });

  it('another algorithm (HS512 with the right key)', async () => {
    await expectRefused(HOSTS.alpha, handMadeJwt(claimsOf(owner.accessToken), { alg: 'HS512' }), 'INVALID_TOKEN', /token FAST_JWT/);
  });

  it('expired (signed with a past exp)', async () => {
    const expired = handMadeJwt({ ...claimsOf(owner.accessToken), iat: now() - 3600, exp: now() - 60 });
    await expectRefused(HOSTS.alpha, expired, 'TOKEN_EXPIRED', /token expired/);
  });

  it('unknown session', async () => {
    const stray = handMadeJwt({ ...claimsOf(owner.accessToken), sid: randomUUID() });
    await expectRefused(HOSTS.alpha, stray, 'INVALID_TOKEN', /session revoked, expired or unknown/);
  });

  it('another user\'s session', async () => {
    const beta = await login(app, HOSTS.beta, 'owner@beta.test');
    const mixed = handMadeJwt({ ...claimsOf(owner.accessToken), sid: claimsOf(beta.accessToken).sid });
    await expectRefused(HOSTS.alpha, mixed, 'INVALID_TOKEN', /session of another user/);
  });

  it('revoked session (after logout)', async () => {
    const session = await login(app, HOSTS.alpha, 'owner@alpha.test');
    await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { host: HOSTS.alpha, authorization: `Bearer ${session.accessToken}` },
    });
    await expectRefused(HOSTS.alpha, session.accessToken, 'INVALID_TOKEN', /session revoked, expired or unknown/);
  });

  it('claims that no longer match the user (role changed since)', async () => {
    const stale = handMadeJwt({ ...claimsOf(owner.accessToken), role: 'CUSTOMER' });
    await expectRefused(HOSTS.alpha, stale, 'INVALID_TOKEN', /role or tenant changed/);
  });

  it('malformed Authorization header and garbage tokens', async () => {
    for (const header of ['Basic abc', `Bearer ${owner.accessToken} extra`]) {
      const lines = await linesDuring(app, async () => {
        const response = await app.inject({ url: '/api/auth/me', headers: { host: HOSTS.alpha, authorization: header } });
        expect(response.statusCode).toBe(401);
      });
      expect(lines).toMatchObject([{ event: 'token.refused', reason: 'malformed Authorization header' }]);
    }
    await expectRefused(HOSTS.alpha, 'not.a.jwt', 'INVALID_TOKEN', /token FAST_JWT/);
  });

  it('a deactivated user\'s token', async () => {
    const user = await createUser(fixture.database, { email: 'leaver@alpha.test', role: 'TENANT_STAFF', tenantId: alphaId });
    const session = await login(app, HOSTS.alpha, 'leaver@alpha.test');
    await fixture.database.shared.user.update({ where: { id: user.id }, data: { isActive: false } });
    await expectRefused(HOSTS.alpha, session.accessToken, 'INVALID_TOKEN', /user inactive/);
  });

  it('a bad token is refused even on a route that needs none', async () => {
    const response = await app.inject({
      url: '/api/resources',
      headers: { host: HOSTS.alpha, authorization: `Bearer ${handMadeJwt(claimsOf(owner.accessToken), { alg: 'none' })}` },
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('tokens used on the wrong host', () => {
  it('tenant A\'s token on tenant B\'s host', async () => {
    await expectRefused(HOSTS.beta, owner.accessToken, 'INVALID_TOKEN', /tenant user on another tenant host/);
  });

  it('a tenant token on the platform host', async () => {
    await expectRefused(HOSTS.platform, owner.accessToken, 'INVALID_TOKEN', /tenant user on the platform host/);
  });

  it.each([
    { role: 'SUPERUSER', alpha: 200, demo: 200 },
    { role: 'PLATFORM_MANAGER', alpha: 200, demo: 200 },
    { role: 'PLATFORM_SUPPORT', alpha: 200, demo: 200 },
    { role: 'PLATFORM_SALES', alpha: 401, demo: 200 },
  ])('a $role token: platform 200, tenant host $alpha, demo tenant $demo', async ({ role, alpha, demo }) => {
    const session = await login(app, HOSTS.platform, `${role.toLowerCase()}@platform.test`);
    expect((await me(app, HOSTS.platform, session.accessToken)).statusCode).toBe(200);
    expect((await me(app, HOSTS.alpha, session.accessToken)).statusCode).toBe(alpha);
    expect((await me(app, HOSTS.demo, session.accessToken)).statusCode).toBe(demo);
  });

  it('logs PLATFORM_SALES outside demo tenants', async () => {
    const session = await login(app, HOSTS.platform, 'platform_sales@platform.test');
    await expectRefused(HOSTS.beta, session.accessToken, 'INVALID_TOKEN', /platform sales outside demo tenants/);
  });
});

describe('refresh-token reuse', () => {
  it('revokes the whole family: the newest refresh token and the access tokens stop working, and it is logged', async () => {
    const session = await login(app, HOSTS.alpha, 'owner@alpha.test');
    const first = await refresh(app, HOSTS.alpha, session.refreshCookie);
    expect(first.statusCode).toBe(200);
    const newest = refreshCookieOf(first)!;
    const newestAccess = first.json().accessToken as string;

    let reuse!: Awaited<ReturnType<typeof refresh>>;
    const lines = await linesDuring(app, async () => {
      reuse = await refresh(app, HOSTS.alpha, session.refreshCookie);
    });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().error.code).toBe('INVALID_REFRESH_TOKEN');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      event: 'refresh.reuse',
      userId: session.userId,
      email: 'owner@alpha.test',
      familyId: claimsOf(session.accessToken).sid,
      tenant: TENANT_A.schemaName,
      reason: 'replaced refresh token presented',
      revokedSessions: 2,
    });

    expect((await refresh(app, HOSTS.alpha, newest)).statusCode).toBe(401);
    expect((await me(app, HOSTS.alpha, newestAccess)).statusCode).toBe(401);
    expect((await me(app, HOSTS.alpha, session.accessToken)).statusCode).toBe(401);
    const rows = await fixture.database.shared.session.findMany({ where: { familyId: String(claimsOf(session.accessToken).sid) } });
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.revokedAt !== null && row.revokedReason === 'refresh token reuse')).toBe(true);
    // Other sessions of the same user live on.
    expect((await me(app, HOSTS.alpha, owner.accessToken)).statusCode).toBe(200);
  });

  it('two concurrent refreshes with one token: one wins, the family ends', async () => {
    const session = await login(app, HOSTS.alpha, 'owner@alpha.test');
    const answers = await Promise.all([
      refresh(app, HOSTS.alpha, session.refreshCookie),
      refresh(app, HOSTS.alpha, session.refreshCookie),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 401]);
    const winner = answers.find((answer) => answer.statusCode === 200)!;
    expect((await refresh(app, HOSTS.alpha, refreshCookieOf(winner)!)).statusCode).toBe(401);
  });
});

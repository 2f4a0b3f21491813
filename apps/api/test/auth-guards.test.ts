/** The route guards: requireAuthentication and requireRoles as preHandlers, with denials in security.log. */
import { requireAuthentication, requireRoles } from '@smoothschedule/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { buildTestApp, createApiFixture, TENANT_A, type ApiFixture } from './api-test-app.ts';
import { createUser, HOSTS, JWT_SECRET, linesDuring, login, tenantIdOf, type LoggedIn } from './auth-test-support.ts';

let fixture: ApiFixture;
let app: App;
let owner: LoggedIn;
let staff: LoggedIn;

beforeAll(async () => {
  fixture = await createApiFixture();
  const alphaId = await tenantIdOf(fixture.database, TENANT_A.schemaName);
  await createUser(fixture.database, { email: 'owner@alpha.test', role: 'TENANT_OWNER', tenantId: alphaId });
  await createUser(fixture.database, { email: 'staff@alpha.test', role: 'TENANT_STAFF', tenantId: alphaId });
  app = await buildTestApp(fixture.database, undefined, { JWT_SECRET });
  app.get('/test/anyone', { preHandler: requireAuthentication }, async (request) => ({ userId: request.principal?.userId }));
  app.get('/test/owners', { preHandler: requireRoles('TENANT_OWNER', 'SUPERUSER') }, async () => ({ ok: true }));
  await app.ready();
  owner = await login(app, HOSTS.alpha, 'owner@alpha.test');
  staff = await login(app, HOSTS.alpha, 'staff@alpha.test');
});

afterAll(async () => {
  await app?.close();
  await fixture?.close();
});

const get = (url: string, token?: string) =>
  app.inject({ url, headers: token ? { host: HOSTS.alpha, authorization: `Bearer ${token}` } : { host: HOSTS.alpha } });

describe('requireAuthentication', () => {
  it('lets a principal through and answers 401 AUTHENTICATION_REQUIRED without one', async () => {
    const allowed = await get('/test/anyone', staff.accessToken);
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json()).toEqual({ userId: staff.userId });
    const refused = await get('/test/anyone');
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('AUTHENTICATION_REQUIRED');
  });
});

describe('requireRoles', () => {
  it('lets a listed role through', async () => {
    expect((await get('/test/owners', owner.accessToken)).statusCode).toBe(200);
  });

  it('answers 403 FORBIDDEN to another role and logs permission.denied', async () => {
    let response!: Awaited<ReturnType<typeof get>>;
    const lines = await linesDuring(app, async () => {
      response = await get('/test/owners', staff.accessToken);
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('FORBIDDEN');
    expect(lines).toMatchObject([
      {
        event: 'permission.denied',
        userId: staff.userId,
        email: 'staff@alpha.test',
        tenant: TENANT_A.schemaName,
        reason: 'role TENANT_STAFF is not one of TENANT_OWNER, SUPERUSER',
      },
    ]);
  });

  it('answers 401 without a principal', async () => {
    expect((await get('/test/owners')).statusCode).toBe(401);
  });
});

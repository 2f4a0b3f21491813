/** Behind a trusted TLS proxy the refresh cookie is Secure and the client's IP is the one counted and logged. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { buildTestApp, createApiFixture, TENANT_A, type ApiFixture } from './api-test-app.ts';
import { createUser, HOSTS, JWT_SECRET, linesDuring, PASSWORD, tenantIdOf } from './auth-test-support.ts';

let fixture: ApiFixture;
let direct: App;
let proxied: App;

beforeAll(async () => {
  fixture = await createApiFixture();
  const alphaId = await tenantIdOf(fixture.database, TENANT_A.schemaName);
  await createUser(fixture.database, { email: 'owner@alpha.test', role: 'TENANT_OWNER', tenantId: alphaId });
  direct = await buildTestApp(fixture.database, undefined, { JWT_SECRET });
  await direct.ready();
});

afterAll(async () => {
  await direct?.close();
  await proxied?.close();
  await fixture?.close();
});

const viaProxy = (app: App) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { host: HOSTS.alpha, 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.23' },
    payload: { email: 'owner@alpha.test', password: PASSWORD },
  });

describe('refresh cookie and client IP', () => {
  it('without a trusted proxy: forwarded headers are ignored, no Secure flag over plain http', async () => {
    let response!: Awaited<ReturnType<typeof viaProxy>>;
    const lines = await linesDuring(direct, async () => {
      response = await viaProxy(direct);
    });
    expect(response.statusCode).toBe(200);
    expect(response.cookies.find((cookie) => cookie.name === 'ss_refresh')?.secure).toBeUndefined();
    expect(lines).toMatchObject([{ event: 'login.success', ip: '127.0.0.1' }]);
  });

  it('with TRUST_PROXY=loopback: Secure over https, and the forwarded client IP', async () => {
    // Its own pool would be tidier, but one extra listener connection fits the fixture's pool of 4.
    proxied = await buildTestApp(fixture.database, undefined, { JWT_SECRET, TRUST_PROXY: 'loopback' });
    await proxied.ready();
    let response!: Awaited<ReturnType<typeof viaProxy>>;
    const lines = await linesDuring(proxied, async () => {
      response = await viaProxy(proxied);
    });
    expect(response.statusCode).toBe(200);
    expect(response.cookies.find((cookie) => cookie.name === 'ss_refresh')).toMatchObject({
      secure: true,
      httpOnly: true,
      sameSite: 'Strict',
      path: '/api/auth',
    });
    expect(lines).toMatchObject([{ event: 'login.success', ip: '198.51.100.23' }]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { buildTestApp, captureLogs, createApiFixture, type ApiFixture, type LogLine } from './api-test-app.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let fixture: ApiFixture;
let app: App;
let lines: LogLine[];

beforeAll(async () => {
  fixture = await createApiFixture();
  const captured = captureLogs();
  lines = captured.lines;
  app = await buildTestApp(fixture.database, captured.logger);
  app.get('/test/as-user', async (request) => {
    // What authentication does: name the principal on the request.
    request.principal = {
      userId: 'user-123',
      email: 'someone@example.com',
      role: 'CUSTOMER',
      tenantId: 'tenant-b',
      isTemporary: false,
      sessionId: 'session-1',
    };
    return { ok: true };
  });
  app.get('/test/fail', async () => {
    throw new Error('boom');
  });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await fixture?.close();
});

describe('request id', () => {
  it('is generated and echoed when none is sent', async () => {
    const response = await app.inject({ url: '/health' });
    expect(response.headers['x-request-id']).toMatch(UUID);
  });

  it.each(['abc-123', 'trace.id:42', 'A'.repeat(128)])('honours a sane incoming id %s', async (id) => {
    const response = await app.inject({ url: '/health', headers: { 'x-request-id': id } });
    expect(response.headers['x-request-id']).toBe(id);
  });

  it.each(['has space', 'A'.repeat(129), 'quote"', 'new\tline', ''])('replaces an unsafe incoming id %j', async (id) => {
    const response = await app.inject({ url: '/health', headers: { 'x-request-id': id } });
    expect(response.headers['x-request-id']).toMatch(UUID);
  });

  it.each(['/no/such/route', '/test/fail'])('is echoed on error answers too (%s)', async (url) => {
    const response = await app.inject({ url, headers: { 'x-request-id': 'err-req-1' } });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.headers['x-request-id']).toBe('err-req-1');
  });
});

describe('completion lines', () => {
  it.each([
    { host: 'localhost', url: '/health', tenant: 'platform', user: null, statusCode: 200 },
    { host: 'alpha.api.test', url: '/api/resources', tenant: 'api_alpha', user: null, statusCode: 200 },
    { host: 'beta.api.test:8080', url: '/test/as-user', tenant: 'api_beta', user: 'user-123', statusCode: 200 },
    { host: 'nobody.api.test', url: '/api/resources', tenant: null, user: null, statusCode: 404 },
    { host: 'gone.api.test', url: '/api/resources', tenant: null, user: null, statusCode: 403 },
    { host: 'localhost', url: '/test/fail', tenant: 'platform', user: null, statusCode: 500 },
  ])('$host $url: reqId, tenant $tenant and user $user', async ({ host, url, tenant, user, statusCode }) => {
    const reqId = `log-${Math.random().toString(36).slice(2)}`;
    await app.inject({ url, headers: { host, 'x-request-id': reqId } });
    const completed = lines.filter((line) => line.reqId === reqId && line.msg === 'request completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({ reqId, tenant, user, statusCode, method: 'GET', url });
    expect(completed[0]).toHaveProperty('responseTimeMs');
  });

  it('every line written for a failing request carries reqId, tenant and user', async () => {
    await app.inject({ url: '/test/fail', headers: { 'x-request-id': 'fail-lines' } });
    const own = lines.filter((line) => line.reqId === 'fail-lines');
    expect(own.map((line) => line.msg)).toEqual(['request failed', 'request completed']);
    for (const line of own) expect(line).toMatchObject({ tenant: 'platform', user: null });
  });
});

import createError from '@fastify/error';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { App } from '../src/app.ts';
import { buildTestApp, captureLogs, createApiFixture, type ApiFixture, type LogLine } from './api-test-app.ts';

const SECRET = 'connection to db-internal.example:5432 failed for role app_rw';

const CODED = [
  { status: 401, error: createError('INVALID_CREDENTIALS', 'Wrong email or password', 401) },
  { status: 403, error: createError('TIER_LIMIT_REACHED', 'The FREE tier allows 2 resources', 403) },
  { status: 409, error: createError('SLOT_TAKEN', 'This slot is already booked', 409) },
  { status: 429, error: createError('RATE_LIMITED', 'Too many attempts', 429) },
  { status: 503, error: createError('AUDIT_UNAVAILABLE', 'Could not be audited; try again later', 503) },
];

let fixture: ApiFixture;
let app: App;
let lines: LogLine[];

beforeAll(async () => {
  fixture = await createApiFixture();
  const captured = captureLogs();
  lines = captured.lines;
  app = await buildTestApp(fixture.database, captured.logger);
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.post(
    '/test/echo',
    { schema: { body: z.object({ name: z.string().min(1), count: z.number().int().positive() }) } },
    async (request) => request.body,
  );
  routes.get('/test/boom', async () => {
    throw new Error(SECRET);
  });
  routes.get('/test/boom-with-status', async () => {
    throw Object.assign(new Error(SECRET), { statusCode: 502, code: 'ECONNRESET' });
  });
  // A 503 that is not one of ours (a driver's code) is masked like any other failure.
  routes.get('/test/boom-503', async () => {
    throw Object.assign(new Error(SECRET), { statusCode: 503, code: 'ERR_STREAM_DESTROYED' });
  });
  routes.get('/test/bad-response', { schema: { response: { 200: z.object({ id: z.string() }) } } }, async () =>
    ({ id: 42 }) as never,
  );
  for (const { status, error } of CODED) routes.get(`/test/coded/${status}`, async () => {
    throw new error();
  });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await fixture?.close();
});

const post = (payload: string, contentType = 'application/json') =>
  app.inject({ method: 'POST', url: '/test/echo', payload, headers: { 'content-type': contentType } });

describe('validation', () => {
  it('answers 400 VALIDATION_ERROR with every field issue', async () => {
    const response = await post(JSON.stringify({ name: '', count: 1.5 }));
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.details).toEqual(
      expect.arrayContaining([
        { path: 'body.name', message: expect.any(String) },
        { path: 'body.count', message: expect.any(String) },
      ]),
    );
  });

  it('accepts a valid body', async () => {
    const response = await post(JSON.stringify({ name: 'a', count: 2 }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ name: 'a', count: 2 });
  });
});

describe('request bodies the parser refuses', () => {
  it.each([
    { why: 'malformed JSON', payload: '{"name": "a",', contentType: 'application/json', status: 400, code: 'MALFORMED_JSON' },
    { why: 'an empty JSON body', payload: '', contentType: 'application/json', status: 400, code: 'BAD_REQUEST' },
    { why: 'a JSON array', payload: '[1,2]', contentType: 'application/json', status: 400, code: 'VALIDATION_ERROR' },
    { why: 'an unsupported content type', payload: '<a/>', contentType: 'application/xml', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
    { why: 'a body over the limit', payload: JSON.stringify({ name: 'x'.repeat(1_100_000), count: 1 }), contentType: 'application/json', status: 413, code: 'PAYLOAD_TOO_LARGE' },
  ])('$why answers $status $code', async ({ payload, contentType, status, code }) => {
    const response = await post(payload, contentType);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ error: { code, message: expect.any(String) } });
    expect(Object.keys(response.json())).toEqual(['error']);
  });
});

describe('coded errors', () => {
  it.each(CODED.map(({ status, error }) => ({ status, code: new error().code, message: new error().message })))(
    'a thrown $code answers $status with its code and message',
    async ({ status, code, message }) => {
      const response = await app.inject({ url: `/test/coded/${status}` });
      expect(response.statusCode).toBe(status);
      expect(response.json()).toEqual({ error: { code, message } });
    },
  );
});

describe('unknown routes', () => {
  it('answer 404 NOT_FOUND in the error shape', async () => {
    const response = await app.inject({ url: '/no/such/route' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });
});

describe('unexpected errors', () => {
  it.each(['/test/boom', '/test/boom-with-status', '/test/boom-503', '/test/bad-response'])(
    '%s answers a generic 500 and logs the cause with its stack',
    async (url) => {
      lines.length = 0;
      const response = await app.inject({ url });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred' } });
      expect(response.body).not.toMatch(/db-internal|app_rw|stack|\.ts:|ECONNRESET|schema/i);
      const logged = lines.find((line) => line.msg === 'request failed');
      expect(logged).toBeDefined();
      expect((logged!.err as { stack?: string }).stack).toEqual(expect.any(String));
    },
  );
});

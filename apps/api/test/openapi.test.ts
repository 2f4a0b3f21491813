import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { buildTestApp, createApiFixture, type ApiFixture } from './api-test-app.ts';

let fixture: ApiFixture;
let app: App;

beforeAll(async () => {
  fixture = await createApiFixture();
  app = await buildTestApp(fixture.database);
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await fixture?.close();
});

describe('OpenAPI', () => {
  it('/docs/json is a valid OpenAPI 3 document listing the routes', async () => {
    const response = await app.inject({ url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);

    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);

    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/health', '/ready', '/api/resources', '/api/masquerade/start', '/api/masquerade/stop', '/api/audit', '/api/audit/security']),
    );
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining([
      '/api/platform/tenants', '/api/platform/tenants/{id}', '/api/platform/tenants/{id}/domains',
      '/api/platform/domains/{id}/verify', '/api/platform/domains/{id}', '/api/media', '/api/media/{id}',
    ]));
    expect(Object.keys(document.paths).some((path) => path.startsWith('/docs'))).toBe(false);
    expect(document.components.schemas).toHaveProperty('ErrorResponse');
    const resources = document.paths['/api/resources'].get;
    expect(resources.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'limit', in: 'query' })]),
    );
    expect(Object.keys(resources.responses)).toEqual(expect.arrayContaining(['200', '400', '404']));
    expect(Object.keys(document.paths['/ready'].get.responses)).toEqual(expect.arrayContaining(['200', '503']));
  });

  it('documents the bearer token on every route but the public ones', async () => {
    const document = (await app.inject({ url: '/docs/json' })).json();
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const publicRoutes = ['/health', '/ready', '/api/auth/login', '/api/auth/refresh', '/api/auth/logout', '/api/auth/register'];
    for (const [path, operations] of Object.entries(document.paths as Record<string, Record<string, { security?: unknown }>>)) {
      for (const [method, operation] of Object.entries(operations)) {
        const expected = publicRoutes.includes(path) ? undefined : [{ bearerAuth: [] }];
        expect({ route: `${method.toUpperCase()} ${path}`, security: operation.security }).toEqual({ route: `${method.toUpperCase()} ${path}`, security: expected });
      }
    }
  });

  it('serves the UI at /docs', async () => {
    const response = await app.inject({ url: '/docs' });
    expect([200, 302]).toContain(response.statusCode);
    const page = response.statusCode === 302 ? await app.inject({ url: response.headers.location as string }) : response;
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
  });
});

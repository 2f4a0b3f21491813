import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { buildTestApp, createApiFixture, TENANT_A, TENANT_B, type ApiFixture } from './api-test-app.ts';

let fixture: ApiFixture;
let app: App;
const created: Record<string, string[]> = {};

beforeAll(async () => {
  fixture = await createApiFixture();
  for (const tenant of [TENANT_A, TENANT_B]) {
    const db = fixture.database.tenants.forSchema(tenant.schemaName);
    created[tenant.domain] = [];
    for (let index = 0; index < 3; index++) {
      const name = `${tenant.schemaName} resource ${index}`;
      // Distinct timestamps make the expected order certain.
      await db.resource.create({ data: { name, type: 'ROOM', createdAt: new Date(Date.UTC(2026, 0, 1, 9, index)) } });
      created[tenant.domain]!.push(name);
    }
  }
  app = await buildTestApp(fixture.database);
});

afterAll(async () => {
  await app?.close();
  await fixture?.close();
});

const list = (host: string, query = '') => app.inject({ url: `/api/resources${query}`, headers: { host } });

describe('GET /api/resources', () => {
  it.each([TENANT_A, TENANT_B])("returns only $schemaName's resources, oldest first", async ({ domain }) => {
    const response = await list(domain);
    expect(response.statusCode).toBe(200);
    const { resources } = response.json() as { resources: Array<{ name: string; createdAt: string }> };
    expect(resources.map((resource) => resource.name)).toEqual(created[domain]);
    expect(resources[0]).toMatchObject({ type: 'ROOM', isActive: true, userId: null, createdAt: '2026-01-01T09:00:00.000Z' });
  });

  it('honours limit', async () => {
    const response = await list(TENANT_A.domain, '?limit=2');
    expect(response.statusCode).toBe(200);
    expect(response.json().resources).toHaveLength(2);
  });

  it.each(['?limit=0', '?limit=101', '?limit=abc', '?limit=1.5', '?limit=-1'])(
    'refuses %s with 400 VALIDATION_ERROR naming the field',
    async (query) => {
      const response = await list(TENANT_A.domain, query);
      expect(response.statusCode).toBe(400);
      const { error } = response.json();
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(error.details).toEqual([{ path: 'querystring.limit', message: expect.any(String) }]);
    },
  );

  it.each([
    { host: 'localhost:3000', status: 404, code: 'TENANT_CONTEXT_REQUIRED' },
    { host: '127.0.0.1', status: 404, code: 'TENANT_CONTEXT_REQUIRED' },
    { host: 'nobody.api.test', status: 404, code: 'TENANT_NOT_FOUND' },
    { host: 'gone.api.test', status: 403, code: 'TENANT_SUSPENDED' },
  ])('answers $status $code on $host', async ({ host, status, code }) => {
    const response = await list(host);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ error: { code, message: expect.any(String) } });
  });
});

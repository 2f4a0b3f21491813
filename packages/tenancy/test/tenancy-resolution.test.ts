import type { Database } from '@smoothschedule/db';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi, type Mock } from 'vitest';
import { buildTenancyTestApp, createTenancyFixture, TENANTS, type TenancyFixture } from './tenancy-test-app.ts';

let fixture: TenancyFixture;
let app: FastifyInstance;

beforeAll(async () => {
  fixture = await createTenancyFixture();
  app = await buildTenancyTestApp({ database: fixture.database });
});

afterAll(async () => {
  await app?.close();
  await fixture?.close();
});

describe('host resolution', () => {
  it.each([
    { host: 'localhost', why: 'platform host' },
    { host: 'localhost:3000', why: 'platform host with port' },
    { host: '127.0.0.1:8080', why: 'platform IP with port' },
    { host: 'PLATFORM.Example.Test', why: 'platform host in upper case' },
  ])('$why ($host) is the platform context', async ({ host }) => {
    const response = await app.inject({ url: '/whoami', headers: { host } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ isPlatformHost: true, tenant: null, hasDb: false });
  });

  it.each([
    { host: 'alpha.example.test', schemaName: 'tn_alpha' },
    { host: 'alpha.example.test:3000', schemaName: 'tn_alpha' },
    { host: 'ALPHA.Example.TEST', schemaName: 'tn_alpha' },
    { host: 'alpha.example.test.', schemaName: 'tn_alpha' },
    { host: 'beta.example.test', schemaName: 'tn_beta' },
  ])('$host resolves to $schemaName', async ({ host, schemaName }) => {
    const response = await app.inject({ url: '/whoami', headers: { host } });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const expected = TENANTS.find((tenant) => tenant.schemaName === schemaName)!;
    expect(body).toMatchObject({ isPlatformHost: false, hasDb: true });
    expect(body.tenant).toEqual({
      id: expect.any(String),
      name: expected.name,
      schemaName,
      subscriptionTier: 'FREE',
      status: expected.status,
      isDemo: false,
      timezone: 'UTC',
    });
  });

  it.each([
    { host: 'unknown.example.test' },
    { host: 'example.test' },
    { host: 'alpha.example.test:notaport' },
    { host: ':80' },
  ])('unknown or malformed host "$host" answers 404 TENANT_NOT_FOUND', async ({ host }) => {
    const response = await app.inject({ url: '/whoami', headers: { host } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'TENANT_NOT_FOUND' });
  });

  it('a suspended tenant answers 403 TENANT_SUSPENDED', async () => {
    const response = await app.inject({ url: '/whoami', headers: { host: 'gamma.example.test' } });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'TENANT_SUSPENDED' });
  });
});

describe('an unknown host never reaches a tenant schema', () => {
  let spied: FastifyInstance;
  let entered: Mock<Database['tenants']['enterTenantScope']>;
  let otherEntries: Mock<(...args: unknown[]) => never>;
  let statements: string[];

  beforeAll(async () => {
    const { database } = fixture;
    statements = [];
    // A pass-through spy: every statement still runs on the real database, and its text is recorded.
    const originalQuery = database.pool.query.bind(database.pool) as (...args: unknown[]) => unknown;
    vi.spyOn(database.pool, 'query').mockImplementation(((...args: unknown[]) => {
      const [text] = args;
      statements.push(typeof text === 'string' ? text : (text as { text: string }).text);
      return originalQuery(...args);
    }) as never);
    entered = vi.fn<Database['tenants']['enterTenantScope']>(database.tenants.enterTenantScope);
    otherEntries = vi.fn(() => {
      throw new Error('the tenancy plugin must enter tenant schemas only through enterTenantScope');
    });
    const tenants = {
      ...database.tenants,
      enterTenantScope: entered,
      forSchema: otherEntries,
      runInTenant: otherEntries,
      withTenant: otherEntries,
      withInternalSchema: otherEntries,
    };
    spied = await buildTenancyTestApp({ database: { ...database, tenants }, cacheTtlMs: 0 });
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    await spied?.close();
  });

  it('sends one statement, on public only, and enters no tenant schema', async () => {
    statements.length = 0;
    const response = await spied.inject({ url: '/whoami', headers: { host: 'nobody.example.test' } });
    expect(response.statusCode).toBe(404);
    expect(entered).not.toHaveBeenCalled();
    expect(otherEntries).not.toHaveBeenCalled();
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain('"public"."tenants"');
    expect(statements[0]).toContain('"public"."domains"');
    expect(statements.join('\n')).not.toMatch(/tn_alpha|tn_beta|tn_gamma|search_path/);
  });

  it('a known host enters exactly its own schema', async () => {
    entered.mockClear();
    const response = await spied.inject({ url: '/whoami', headers: { host: 'beta.example.test' } });
    expect(response.statusCode).toBe(200);
    expect(entered.mock.calls.map(([schemaName]) => schemaName)).toEqual(['tn_beta']);
    expect(otherEntries).not.toHaveBeenCalled();
  });
});

describe('request.db', () => {
  it.each(TENANTS.filter((tenant) => tenant.status !== 'SUSPENDED'))(
    'on $domain reaches only $schemaName',
    async ({ domain, schemaName }) => {
      const response = await app.inject({ url: '/resources', headers: { host: domain } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([`${schemaName} chair`]);
    },
  );

  it('keeps each request in its own tenant across a parsed body and a pause, 200 requests interleaved', async () => {
    const hosts = ['alpha.example.test', 'beta.example.test'];
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, index) => {
        const host = hosts[index % 2]!;
        return app
          .inject({
            method: 'POST',
            url: '/resources/search',
            headers: { host },
            payload: { prefix: 'tn_', delayMs: (index * 7) % 5 },
          })
          .then((response) => ({ host, statusCode: response.statusCode, names: response.json() }));
      }),
    );
    for (const { host, statusCode, names } of answers) {
      expect(statusCode).toBe(200);
      expect(names).toEqual([`${host === 'alpha.example.test' ? 'tn_alpha' : 'tn_beta'} chair`]);
    }
  });

  it('a tenant-only route on a platform host answers 404 TENANT_CONTEXT_REQUIRED', async () => {
    const response = await app.inject({ url: '/resources', headers: { host: 'localhost:3000' } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'TENANT_CONTEXT_REQUIRED' });
  });
});

describe("routes with config.tenancy = 'skip'", () => {
  it.each(['unknown.example.test', 'gamma.example.test', 'alpha.example.test'])(
    'answer on %s without resolving it',
    async (host) => {
      const response = await app.inject({ url: '/health', headers: { host } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ tenant: null, isPlatformHost: false });
    },
  );
});

describe('options are validated at registration', () => {
  it.each([
    { options: { platformHosts: [] }, problem: /platformHosts/ },
    { options: { platformHosts: ['bad host:99999'] }, problem: /platformHosts/ },
    { options: { platformHosts: ['localhost'], cacheTtlMs: -1 }, problem: /cacheTtlMs/ },
  ])('$options is refused', async ({ options, problem }) => {
    await expect(buildTenancyTestApp({ database: fixture.database, ...options })).rejects.toThrow(problem);
  });
});

/**
 * /api/platform/tenants through the real app: the role table (every role, demo and regular tenants), platform hosts
 * only, bad input (400, nothing written), conflicts, pagination, PLATFORM_SALES kept to demo tenants, and a delete
 * that takes the tenant's schema, domains and stored media with it.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTenantProvisioner, loadMigrationSet } from '@smoothschedule/db';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.ts';
import { createApiFixture, TENANT_A, testConfig, type ApiFixture } from './api-test-app.ts';
import { createUser, login, tenantIdOf } from './auth-test-support.ts';
import { startMasquerade } from './masquerade-test-support.ts';
import { IMAGES } from '../../../packages/storage/test/image-fixtures.ts';
import { loginCast, PLATFORM, type Person } from './platform-test-support.ts';

let fixture: ApiFixture;
let app: App;
let tokens: Record<Person, string>;
let mediaRoot: string;
const ids = { a: '', demo: '' };
let counter = 0;

beforeAll(async () => {
  fixture = await createApiFixture();
  await createTenantProvisioner({ pool: fixture.database.pool, tenantMigrations: loadMigrationSet('tenant') })
    .provision({ name: 'Demo Shop', schemaName: 'api_demo', domain: 'demo.api.test', isDemo: true });
  ids.a = await tenantIdOf(fixture.database, TENANT_A.schemaName);
  ids.demo = await tenantIdOf(fixture.database, 'api_demo');
  mediaRoot = mkdtempSync(path.join(tmpdir(), 'ss-platform-media-'));
  app = await buildApp({
    config: testConfig(fixture.testDb.url, { MEDIA_STORAGE_DIR: mediaRoot }),
    database: fixture.database,
    logger: pino({ level: 'silent' }),
  });
  await app.ready();
  tokens = await loginCast(app, fixture.database, { id: ids.a, host: TENANT_A.domain }, 'pt');
});

afterAll(async () => {
  await app?.close();
  await fixture?.close();
});

function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, as: Person | null, payload?: object, host = PLATFORM) {
  return app.inject({
    method,
    url,
    headers: { host, ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}) },
    ...(payload === undefined ? {} : { payload }),
  });
}

function newTenant(overrides: Record<string, unknown> = {}) {
  counter++;
  return { name: `Shop ${counter}`, schemaName: `api_new_${counter}`, domain: `new-${counter}.api.test`, subscriptionTier: 'FREE', ...overrides };
}

const countTenants = () => fixture.database.shared.tenant.count();

type Expect = number;
/** Outcome per platform role; tenant roles' tokens are never valid on a platform host (401). */
const ROLE_TABLE: Array<{ action: string; run: (as: Person) => ReturnType<typeof call>; expected: Record<Person, Expect> }> = [
  {
    action: 'create a regular tenant',
    run: (as) => call('POST', '/api/platform/tenants', as, newTenant()),
    expected: { root: 201, manager: 201, sales: 403, support: 403, owner: 401, tmanager: 401, staff: 401, customer: 401 },
  },
  {
    action: 'create a demo tenant',
    run: (as) => call('POST', '/api/platform/tenants', as, newTenant({ isDemo: true })),
    expected: { root: 201, manager: 201, sales: 201, support: 403, owner: 401, tmanager: 401, staff: 401, customer: 401 },
  },
  {
    action: 'list tenants',
    run: (as) => call('GET', '/api/platform/tenants', as),
    expected: { root: 200, manager: 200, sales: 200, support: 403, owner: 401, tmanager: 401, staff: 401, customer: 401 },
  },
  {
    action: 'read a regular tenant',
    run: (as) => call('GET', `/api/platform/tenants/${ids.a}`, as),
    expected: { root: 200, manager: 200, sales: 404, support: 403, owner: 401, tmanager: 401, staff: 401, customer: 401 },
  },
  {
    action: 'read a demo tenant',
    run: (as) => call('GET', `/api/platform/tenants/${ids.demo}`, as),
    expected: { root: 200, manager: 200, sales: 200, support: 403, owner: 401, tmanager: 401, staff: 401, customer: 401 },
  },
  {
    action: 'change a regular tenant',
    run: (as) => call('PATCH', `/api/platform/tenants/${ids.a}`, as, { subscriptionTier: 'PROFESSIONAL' }),
    expected: { root: 200, manager: 200, sales: 404, support: 403, owner: 401, tmanager: 401, staff: 401, customer: 401 },
  },
  {
    action: 'change a demo tenant',
    run: (as) => call('PATCH', `/api/platform/tenants/${ids.demo}`, as, { status: 'TRIAL' }),
    expected: { root: 200, manager: 200, sales: 200, support: 403, owner: 401, tmanager: 401, staff: 401, customer: 401 },
  },
];

describe('the role table', () => {
  const cases = ROLE_TABLE.flatMap(({ action, run, expected }) =>
    (Object.keys(expected) as Person[]).map((as) => ({ action, as, run, status: expected[as] })),
  );

  it.each(cases)('$as: $action → $status', async ({ as, run, status }) => {
    const before = await countTenants();
    const response = await run(as);
    expect(response.statusCode, response.body).toBe(status);
    if (status !== 201) expect(await countTenants()).toBe(before);
  });

  // SUPERUSER's delete: the deleting test below.
  it.each(['manager', 'sales', 'support'] as const)('%s may not delete a tenant, even a demo one (403)', async (as) => {
    const response = await call('DELETE', `/api/platform/tenants/${ids.demo}`, as);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('PERMISSION_DENIED');
  });

  it('answers 401 without a token, before reading the body', async () => {
    const response = await call('POST', '/api/platform/tenants', null, { schemaName: 'pg_evil' });
    expect(response.statusCode).toBe(401);
  });

  it.each(['GET', 'POST'] as const)('%s on a tenant host is 404 PLATFORM_HOST_REQUIRED, whatever the role', async (method) => {
    for (const as of ['root', 'owner'] as const) {
      const response = await call(method, '/api/platform/tenants', as, method === 'POST' ? newTenant() : undefined, TENANT_A.domain);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('PLATFORM_HOST_REQUIRED');
    }
  });
});

describe('creating', () => {
  it('answers 201 with the tenant and its primary domain, which then serves', async () => {
    const body = newTenant({ subscriptionTier: 'BUSINESS', timezone: 'Europe/Paris', isDemo: false });
    const response = await call('POST', '/api/platform/tenants', 'manager', body);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      id: expect.any(String), name: body.name, schemaName: body.schemaName, subscriptionTier: 'BUSINESS',
      status: 'ACTIVE', isDemo: false, timezone: 'Europe/Paris', primaryDomain: body.domain, ownerId: null,
    });
    const health = await app.inject({ url: '/api/resources', headers: { host: body.domain } });
    expect(health.statusCode).toBe(200);
  });

  it('creates the owner with it, who can log in on the new host', async () => {
    const body = newTenant({ owner: { email: 'Boss@Shop.example', password: 'a long enough password', firstName: 'B', lastName: 'O' } });
    const response = await call('POST', '/api/platform/tenants', 'root', body);
    expect(response.statusCode, response.body).toBe(201);
    const owner = await fixture.database.shared.user.findUniqueOrThrow({ where: { id: response.json().ownerId } });
    expect(owner).toMatchObject({ email: 'boss@shop.example', role: 'TENANT_OWNER', tenantId: response.json().id });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { host: body.domain }, payload: { email: 'boss@shop.example', password: 'a long enough password' } });
    expect(login.statusCode).toBe(200);
  });

  it.each([
    ['a hostile schema name', { schemaName: 'x"; DROP SCHEMA public CASCADE; --' }, 'body.schemaName'],
    ['a pg_ schema', { schemaName: 'pg_toast_evil' }, 'body.schemaName'],
    ['the public schema', { schemaName: 'public' }, 'body.schemaName'],
    ['information_schema', { schemaName: 'information_schema' }, 'body.schemaName'],
    ['an upper-case schema', { schemaName: 'Shop' }, 'body.schemaName'],
    ['a domain with a port', { domain: 'shop.test:8080' }, 'body.domain'],
    ['a domain with a path', { domain: 'shop.test/x' }, 'body.domain'],
    ['an IP address', { domain: '10.0.0.1' }, 'body.domain'],
    ['an unknown tier', { subscriptionTier: 'GOLD' }, 'body.subscriptionTier'],
    ['an unknown timezone', { timezone: 'Mars/Olympus' }, 'body.timezone'],
    ['an empty name', { name: '' }, 'body.name'],
    ['isDemo as a string', { isDemo: 'yes' }, 'body.isDemo'],
    ['an owner with a short password', { owner: { email: 'o@x.example', password: 'short', firstName: 'a', lastName: 'b' } }, 'body.owner.password'],
    ['an owner without an email', { owner: { password: 'a long enough password', firstName: 'a', lastName: 'b' } }, 'body.owner.email'],
  ])('refuses %s with 400 naming the field, and writes nothing', async (_name, override, field) => {
    const before = await countTenants();
    const schemasBefore = (await fixture.database.pool.query('SELECT count(*)::int AS n FROM pg_namespace')).rows[0].n;
    const response = await call('POST', '/api/platform/tenants', 'root', newTenant(override));
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_ERROR');
    expect(response.json().error.details.map((issue: { path: string }) => issue.path)).toContain(field);
    expect(await countTenants()).toBe(before);
    expect((await fixture.database.pool.query('SELECT count(*)::int AS n FROM pg_namespace')).rows[0].n).toBe(schemasBefore);
  });

  it('answers 409 for a taken schema name or domain, and writes nothing', async () => {
    const before = await countTenants();
    const schema = await call('POST', '/api/platform/tenants', 'root', newTenant({ schemaName: TENANT_A.schemaName }));
    expect(schema.statusCode).toBe(409);
    expect(schema.json().error.code).toBe('SCHEMA_NAME_TAKEN');
    const domain = await call('POST', '/api/platform/tenants', 'root', newTenant({ domain: TENANT_A.domain }));
    expect(domain.statusCode).toBe(409);
    expect(domain.json().error.code).toBe('DOMAIN_TAKEN');
    expect(await countTenants()).toBe(before);
  });
});

describe('listing and changing', () => {
  it('pages through every tenant, none twice', async () => {
    const total = await countTenants();
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const response = await call('GET', `/api/platform/tenants?page=${page}&pageSize=2`, 'root');
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.total).toBe(total);
      if (body.tenants.length === 0) break;
      seen.push(...body.tenants.map((tenant: { id: string }) => tenant.id));
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('shows PLATFORM_SALES demo tenants only', async () => {
    const response = await call('GET', '/api/platform/tenants?pageSize=100', 'sales');
    const tenants = response.json().tenants as Array<{ isDemo: boolean; id: string }>;
    expect(tenants.length).toBeGreaterThan(0);
    expect(tenants.every((tenant) => tenant.isDemo)).toBe(true);
    expect(response.json().total).toBe(await fixture.database.shared.tenant.count({ where: { isDemo: true } }));
  });

  it.each([
    ['a bad page', '?page=0'],
    ['a page size over 100', '?pageSize=101'],
    ['a non-number', '?page=two'],
  ])('refuses %s with 400', async (_name, query) => {
    expect((await call('GET', `/api/platform/tenants${query}`, 'root')).statusCode).toBe(400);
  });

  it.each([
    ['an empty change', {}],
    ['an unknown status', { status: 'DELETED' }],
    ['a field that cannot be changed here', { schemaName: 'other_name' }],
    ['isDemo (sales must not promote a tenant into their scope)', { isDemo: true }],
  ])('refuses %s with 400 and changes nothing', async (_name, payload) => {
    const before = await fixture.database.shared.tenant.findUniqueOrThrow({ where: { id: ids.a } });
    const response = await call('PATCH', `/api/platform/tenants/${ids.a}`, 'root', payload);
    expect(response.statusCode).toBe(400);
    expect(await fixture.database.shared.tenant.findUniqueOrThrow({ where: { id: ids.a } })).toEqual(before);
  });

  it('suspending a tenant takes effect on its host at once', async () => {
    const created = (await call('POST', '/api/platform/tenants', 'root', newTenant())).json();
    expect((await call('PATCH', `/api/platform/tenants/${created.id}`, 'root', { status: 'SUSPENDED' })).json().status).toBe('SUSPENDED');
    const response = await app.inject({ url: '/api/resources', headers: { host: created.primaryDomain } });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('TENANT_SUSPENDED');
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expect((await call('GET', '/api/platform/tenants/00000000-0000-4000-8000-000000000000', 'root')).statusCode).toBe(404);
    expect((await call('GET', '/api/platform/tenants/not-a-uuid', 'root')).statusCode).toBe(400);
  });
});

describe('deleting', () => {
  it('is refused while masquerading (403 BLOCKED_WHILE_MASQUERADING), even as a superuser', async () => {
    const created = (await call('POST', '/api/platform/tenants', 'root', newTenant())).json();
    const other = await createUser(fixture.database, { email: 'pt-root2@platform.example.com', role: 'SUPERUSER' });
    const session = await login(app, PLATFORM, 'pt-root@platform.example.com');
    const started = await startMasquerade(app, PLATFORM, session.accessToken, { userId: other.id, reason: 'check' });
    expect(started.statusCode, started.body).toBe(200);
    const response = await app.inject({
      method: 'DELETE', url: `/api/platform/tenants/${created.id}`,
      headers: { host: PLATFORM, authorization: `Bearer ${started.json().accessToken}` },
    });
    expect([response.statusCode, response.json().error.code]).toEqual([403, 'BLOCKED_WHILE_MASQUERADING']);
    expect(await fixture.database.shared.tenant.findUnique({ where: { id: created.id } })).not.toBeNull();
  });

  it('removes the schema, the domains and every stored object of the tenant, and nothing of others', async () => {
    const created = (await call('POST', '/api/platform/tenants', 'root', newTenant({ subscriptionTier: 'PROFESSIONAL' }))).json();
    const upload = async (host: string) => {
      const boundary = 'x-boundary';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="logo.png"\r\nContent-Type: image/png\r\n\r\n`),
        IMAGES.png,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const response = await app.inject({
        method: 'POST', url: '/api/media?kind=logo', payload,
        headers: { host, authorization: `Bearer ${tokens.root}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      expect(response.statusCode, response.body).toBe(201);
    };
    await upload(created.primaryDomain);
    await upload(TENANT_A.domain);
    const doomedFolder = path.join(mediaRoot, 'tenants', created.id);
    const survivorFolder = path.join(mediaRoot, 'tenants', ids.a);
    expect(existsSync(doomedFolder)).toBe(true);

    const response = await call('DELETE', `/api/platform/tenants/${created.id}`, 'root');
    expect(response.statusCode, response.body).toBe(204);
    expect(existsSync(doomedFolder)).toBe(false);
    expect(existsSync(survivorFolder)).toBe(true);
    expect(await fixture.database.shared.tenant.findUnique({ where: { id: created.id } })).toBeNull();
    expect(await fixture.database.shared.domain.count({ where: { tenantId: created.id } })).toBe(0);
    const schema = await fixture.database.pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [created.schemaName]);
    expect(schema.rowCount).toBe(0);
    expect((await app.inject({ url: '/api/resources', headers: { host: created.primaryDomain } })).statusCode).toBe(404);
    expect((await call('DELETE', `/api/platform/tenants/${created.id}`, 'root')).statusCode).toBe(404);
  });
});

/** /api/users through the real app: authentication, scope and rank, tenant-host defaults, validation, no hash. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createUserRepository, createUserService, type PublicUser } from '@smoothschedule/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { buildApp } from '../src/app.ts';
import { createApiFixture, TENANT_A, TENANT_B, testConfig, type ApiFixture } from './api-test-app.ts';
import { pino } from 'pino';

const PASSWORD = 'correct horse battery';
const PLATFORM = 'localhost';
let fixture: ApiFixture;
let app: App;
let logDir: string;
const tokens: Record<string, string> = {};
const people: Record<string, PublicUser> = {};
const tenantIds = { a: '', b: '' };

async function login(host: string, email: string): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { host }, payload: { email, password: PASSWORD } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ accessToken: string }>().accessToken;
}

function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, as: string, host: string, payload?: unknown) {
  return app.inject({ method, url, headers: { host, authorization: `Bearer ${tokens[as]}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
}

async function countUsers(): Promise<number> {
  return fixture.database.shared.user.count();
}

beforeAll(async () => {
  fixture = await createApiFixture();
  const tenants = await fixture.database.shared.tenant.findMany();
  tenantIds.a = tenants.find((tenant) => tenant.schemaName === TENANT_A.schemaName)!.id;
  tenantIds.b = tenants.find((tenant) => tenant.schemaName === TENANT_B.schemaName)!.id;
  const config = testConfig(fixture.testDb.url);
  logDir = config.logDir;
  app = await buildApp({ config, database: fixture.database, logger: pino({ level: 'silent' }) });
  await app.ready();
  const service = createUserService(createUserRepository(fixture.database.shared));
  const cast = [
    ['root', 'SUPERUSER', null, PLATFORM],
    ['support', 'PLATFORM_SUPPORT', null, PLATFORM],
    ['ownerA', 'TENANT_OWNER', tenantIds.a, TENANT_A.domain],
    ['managerA', 'TENANT_MANAGER', tenantIds.a, TENANT_A.domain],
    ['staffA', 'TENANT_STAFF', tenantIds.a, TENANT_A.domain],
    ['ownerB', 'TENANT_OWNER', tenantIds.b, TENANT_B.domain],
  ] as const;
  for (const [name, role, tenantId, host] of cast) {
    people[name] = await service.createByOperator({ email: `${name.toLowerCase()}@example.com`, password: PASSWORD, firstName: 'F', lastName: 'L', role, tenantId });
    tokens[name] = await login(host, `${name.toLowerCase()}@example.com`);
  }
});

afterAll(async () => {
  await app?.close();
  await fixture?.close();
});

describe('/api/users', () => {
  it('requires an access token on every route (401)', async () => {
    for (const [method, url] of [['GET', '/api/users'], ['POST', '/api/users'], ['GET', `/api/users/${people.root!.id}`], ['PATCH', `/api/users/${people.root!.id}`], ['DELETE', `/api/users/${people.root!.id}`]] as const) {
      const response = await app.inject({ method, url, headers: { host: PLATFORM }, ...(method === 'POST' || method === 'PATCH' ? { payload: {} } : {}) });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
      expect(response.json().error.code).toBe('AUTHENTICATION_REQUIRED');
    }
  });

  it('creates a user in the tenant of the host by default: 201, never the hash', async () => {
    const before = await countUsers();
    const response = await call('POST', '/api/users', 'ownerA', TENANT_A.domain, { email: 'New@Example.com', password: PASSWORD, firstName: 'New', lastName: 'Staff', role: 'TENANT_STAFF' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ email: 'new@example.com', role: 'TENANT_STAFF', tenantId: tenantIds.a, isTemporary: false });
    expect(response.body).not.toMatch(/password|argon2/i);
    expect(await countUsers()).toBe(before + 1);
  });

  it('answers 400 with the exact invariant message for a tenant role created on the platform host', async () => {
    const response = await call('POST', '/api/users', 'root', PLATFORM, { email: 'lonely@example.com', password: PASSWORD, firstName: 'L', lastName: 'L', role: 'TENANT_STAFF' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toEqual({ code: 'ROLE_TENANT_MISMATCH', message: 'Users with role TENANT_STAFF must be assigned to a tenant' });
  });

  it('answers 409 EMAIL_TAKEN for a duplicate in one tenant, and allows the email in another', async () => {
    const payload = { email: 'twice@example.com', password: PASSWORD, firstName: 'T', lastName: 'T', role: 'CUSTOMER' };
    expect((await call('POST', '/api/users', 'root', PLATFORM, { ...payload, tenantId: tenantIds.a })).statusCode).toBe(201);
    const again = await call('POST', '/api/users', 'root', PLATFORM, { ...payload, tenantId: tenantIds.a });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('EMAIL_TAKEN');
    expect((await call('POST', '/api/users', 'root', PLATFORM, { ...payload, tenantId: tenantIds.b })).statusCode).toBe(201);
  });

  it.each([
    ['missing fields', { email: 'x@example.com' }],
    ['a wrong type', { email: 'x@example.com', password: PASSWORD, firstName: 'X', lastName: 'X', role: 'CUSTOMER', isTemporary: 'yes' }],
    ['an oversized name', { email: 'x@example.com', password: PASSWORD, firstName: 'x'.repeat(101), lastName: 'X', role: 'CUSTOMER' }],
    ['an oversized password', { email: 'x@example.com', password: 'p'.repeat(201), firstName: 'X', lastName: 'X', role: 'CUSTOMER' }],
    ['an unknown role', { email: 'x@example.com', password: PASSWORD, firstName: 'X', lastName: 'X', role: 'ADMIN' }],
  ])('answers 400 VALIDATION_ERROR with field issues for %s, and writes nothing', async (_name, payload) => {
    const before = await countUsers();
    const response = await call('POST', '/api/users', 'ownerA', TENANT_A.domain, payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_ERROR');
    expect(response.json().error.details.length).toBeGreaterThan(0);
    expect(await countUsers()).toBe(before);
  });

  it('answers 400 for a malformed id and for bad PATCH bodies, changing nothing', async () => {
    expect((await call('GET', '/api/users/not-a-uuid', 'root', PLATFORM)).statusCode).toBe(400);
    for (const payload of [{ firstName: '' }, { tenantId: tenantIds.b }, { isActive: 'no' }]) {
      const response = await call('PATCH', `/api/users/${people.staffA!.id}`, 'root', PLATFORM, payload);
      expect(response.statusCode).toBe(400);
    }
    expect(await fixture.database.shared.user.findUniqueOrThrow({ where: { id: people.staffA!.id } })).toMatchObject({ firstName: 'F', tenantId: tenantIds.a, isActive: true });
  });

  it('lists only what the caller may read; on a tenant host, that tenant', async () => {
    const owner = (await call('GET', '/api/users', 'ownerA', TENANT_A.domain)).json<{ users: PublicUser[] }>().users;
    expect(owner.length).toBeGreaterThan(0);
    expect(owner.every((user) => user.tenantId === tenantIds.a)).toBe(true);
    const staff = (await call('GET', '/api/users', 'staffA', TENANT_A.domain)).json<{ users: PublicUser[] }>().users;
    expect(staff.map((user) => user.id)).toEqual([people.staffA!.id]);
    const rootOnB = (await call('GET', `/api/users?tenantId=${tenantIds.b}`, 'root', PLATFORM)).json<{ users: PublicUser[] }>().users;
    expect(rootOnB.length).toBeGreaterThan(0);
    expect(rootOnB.every((user) => user.tenantId === tenantIds.b)).toBe(true);
    const support = (await call('GET', '/api/users', 'support', PLATFORM)).json<{ users: PublicUser[] }>().users;
    expect(support.filter((user) => user.tenantId === null).map((user) => user.id)).toEqual([people.support!.id]);
    const roles = (await call('GET', '/api/users?role=TENANT_OWNER', 'root', PLATFORM)).json<{ users: PublicUser[] }>().users;
    expect(roles.map((user) => user.id).sort()).toEqual([people.ownerA!.id, people.ownerB!.id].sort());
  });

  it('answers 404 for a user of another tenant and 403 for a known, forbidden action (logged)', async () => {
    const other = await call('GET', `/api/users/${people.ownerB!.id}`, 'root', PLATFORM);
    expect(other.statusCode).toBe(200);
    const hidden = await call('GET', `/api/users/${people.ownerB!.id}`, 'managerA', TENANT_A.domain);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.code).toBe('USER_NOT_FOUND');
    const forbidden = await call('PATCH', `/api/users/${people.ownerA!.id}`, 'managerA', TENANT_A.domain, { firstName: 'Demoted' });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('PERMISSION_DENIED');
    await app.authentication.securityLog.flush();
    const lines = readdirSync(logDir).filter((name) => name.startsWith('security')).flatMap((name) =>
      readFileSync(path.join(logDir, name), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>));
    expect(lines.some((line) => JSON.stringify(line).includes('permission.denied') && JSON.stringify(line).includes(people.managerA!.id))).toBe(true);
  });

  it('updates and deletes a lower-ranked user; refuses raising one to the caller\'s rank', async () => {
    const updated = await call('PATCH', `/api/users/${people.staffA!.id}`, 'managerA', TENANT_A.domain, { lastName: 'Changed' });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ id: people.staffA!.id, lastName: 'Changed' });
    const raised = await call('PATCH', `/api/users/${people.staffA!.id}`, 'managerA', TENANT_A.domain, { role: 'TENANT_MANAGER' });
    expect(raised.statusCode).toBe(403);
    const victim = await call('POST', '/api/users', 'managerA', TENANT_A.domain, { email: 'leaving@example.com', password: PASSWORD, firstName: 'L', lastName: 'L', role: 'CUSTOMER' });
    const id = victim.json<PublicUser>().id;
    expect((await call('DELETE', `/api/users/${id}`, 'managerA', TENANT_A.domain)).statusCode).toBe(204);
    expect((await call('GET', `/api/users/${id}`, 'root', PLATFORM)).statusCode).toBe(404);
  });

  it('appears in the OpenAPI document', async () => {
    const document = (await app.inject({ url: '/docs/json', headers: { host: PLATFORM } })).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(document.paths['/api/users']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(document.paths['/api/users/{id}']!).sort()).toEqual(['delete', 'get', 'patch']);
  });
});

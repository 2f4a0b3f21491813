/**
 * Custom domains through the real app, with Route53 mocked at the SDK boundary (aws-sdk-client-mock) and without
 * any AWS configuration: tier limit, roles, host-name validation, the UPSERT sent, verification to INSYNC (and
 * FAILED with the reason), throttling retried, resolution only once VERIFIED and at once, removal.
 */
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  InvalidChangeBatch,
  NoSuchChange,
  Route53Client,
  ThrottlingException,
} from '@aws-sdk/client-route-53';
import { createTenantProvisioner, loadMigrationSet } from '@smoothschedule/db';
import { createRoute53Dns, NO_ROUTE53_MESSAGE } from '@smoothschedule/storage';
import { mockClient } from 'aws-sdk-client-mock';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.ts';
import { createApiFixture, TENANT_A, TENANT_B, testConfig, type ApiFixture } from './api-test-app.ts';
import { login, tenantIdOf } from './auth-test-support.ts';
import { loginCast, PLATFORM, type Person } from './platform-test-support.ts';

const ZONE = 'Z0123456789ABC';
const TARGET = 'edge.smoothschedule.example';
const route53 = mockClient(Route53Client);

let fixture: ApiFixture;
let app: App; // Route53 configured (mocked client)
let bare: App; // no AWS configuration
let tokens: Record<Person, string>;
let bareRoot: string;
const ids = { a: '', b: '', demo: '' };
let counter = 0;

beforeAll(async () => {
  fixture = await createApiFixture();
  await createTenantProvisioner({ pool: fixture.database.pool, tenantMigrations: loadMigrationSet('tenant') })
    .provision({ name: 'Demo', schemaName: 'api_dom_demo', domain: 'dom-demo.api.test', isDemo: true, subscriptionTier: 'PROFESSIONAL' });
  ids.a = await tenantIdOf(fixture.database, TENANT_A.schemaName);
  ids.b = await tenantIdOf(fixture.database, TENANT_B.schemaName);
  ids.demo = await tenantIdOf(fixture.database, 'api_dom_demo');
  await fixture.database.shared.tenant.update({ where: { id: ids.a }, data: { subscriptionTier: 'PROFESSIONAL' } });
  const dns = createRoute53Dns({
    client: new Route53Client({ region: 'us-east-1' }),
    hostedZoneId: ZONE,
    cnameTarget: TARGET,
    pollIntervalMs: 0,
    maxPolls: 3,
    sleep: async () => undefined,
  });
  const config = testConfig(fixture.testDb.url, { PLATFORM_HOSTS: 'localhost,127.0.0.1,platform.example.com' });
  app = await buildApp({ config, database: fixture.database, logger: pino({ level: 'silent' }), overrides: { dns } });
  await app.ready();
  bare = await buildApp({ config: testConfig(fixture.testDb.url), database: fixture.database, logger: pino({ level: 'silent' }) });
  await bare.ready();
  tokens = await loginCast(app, fixture.database, { id: ids.a, host: TENANT_A.domain }, 'dom');
  bareRoot = (await login(bare, PLATFORM, 'dom-root@platform.example.com')).accessToken;
});

afterAll(async () => {
  await app?.close();
  await bare?.close();
  await fixture?.close();
});

beforeEach(() => {
  route53.reset();
  route53.on(ChangeResourceRecordSetsCommand).resolves({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } });
  route53.on(GetChangeCommand).resolves({ ChangeInfo: { Id: '/change/C1', Status: 'INSYNC', SubmittedAt: new Date() } });
});

const nextDomain = () => `book-${++counter}.custom.example`;

function call(method: 'GET' | 'POST' | 'DELETE', url: string, as: Person, payload?: object, on: App = app) {
  const token = on === bare ? bareRoot : tokens[as];
  return on.inject({ method, url, headers: { host: PLATFORM, authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
}

const addDomain = (tenantId: string, domain: string, as: Person = 'root', on: App = app) =>
  call('POST', `/api/platform/tenants/${tenantId}/domains`, as, { domain }, on);
const served = async (host: string, on: App = app) => (await on.inject({ url: '/api/resources', headers: { host } })).statusCode;
const domainCount = () => fixture.database.shared.domain.count();

describe('adding', () => {
  it('is refused below PROFESSIONAL with 403 TIER_LIMIT_REACHED, writing nothing and calling no AWS', async () => {
    const before = await domainCount();
    const response = await addDomain(ids.b, nextDomain());
    expect(response.statusCode).toBe(403);
    expect(response.json().error).toMatchObject({ code: 'TIER_LIMIT_REACHED', message: expect.stringContaining('PROFESSIONAL') });
    expect(await domainCount()).toBe(before);
    expect(route53.calls()).toHaveLength(0);
  });

  const ROLES: Record<Person, number> = { root: 201, manager: 201, sales: 404, support: 403, owner: 401, tmanager: 401, staff: 401, customer: 401 };
  it.each(Object.entries(ROLES) as Array<[Person, number]>)('%s adds a custom domain to a regular tenant → %s', async (as, status) => {
    const before = await domainCount();
    const response = await addDomain(ids.a, nextDomain(), as);
    expect(response.statusCode, response.body).toBe(status);
    expect(await domainCount()).toBe(before + (status === 201 ? 1 : 0));
  });

  it('PLATFORM_SALES may add one to a demo tenant', async () => {
    expect((await addDomain(ids.demo, nextDomain(), 'sales')).statusCode).toBe(201);
  });

  it('upserts the CNAME to the platform target and keeps the domain PENDING (not served) until verified', async () => {
    const domain = nextDomain();
    const response = await addDomain(ids.a, `  ${domain.toUpperCase()}. `);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      domain, tenantId: ids.a, isPrimary: false, isCustomDomain: true, route53ZoneId: ZONE,
      route53ChangeId: '/change/C1', verificationStatus: 'PENDING', verifiedAt: null,
    });
    const calls = route53.commandCalls(ChangeResourceRecordSetsCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toMatchObject({
      HostedZoneId: ZONE,
      ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: domain, Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: TARGET }] } }] },
    });
    expect(await served(domain)).toBe(404);
  });

  it.each([
    ['a name with a space', 'my shop.example'],
    ['a port', 'shop.example:443'],
    ['a path', 'shop.example/book'],
    ['an IP address', '203.0.113.7'],
    ['a single label', 'shop'],
    ['a label starting with a hyphen', '-shop.example'],
    ['a scheme', 'https://shop.example'],
    ['a wildcard', '*.shop.example'],
    ['an overlong label', `${'a'.repeat(64)}.example`],
  ])('refuses %s with 400 VALIDATION_ERROR', async (_name, domain) => {
    const before = await domainCount();
    const response = await addDomain(ids.a, domain);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].path).toBe('body.domain');
    expect(await domainCount()).toBe(before);
  });

  it.each(['platform.example.com', 'evil.platform.example.com', 'x.localhost', TARGET, `a.${TARGET}`])(
    'refuses %s (a platform host, the CNAME target or below them) with 400 DOMAIN_NOT_ALLOWED',
    async (domain) => {
      const response = await addDomain(ids.a, domain);
      expect([response.statusCode, response.json().error.code]).toEqual([400, 'DOMAIN_NOT_ALLOWED']);
    },
  );

  it("answers 409 DOMAIN_TAKEN for a domain in use (another tenant's primary)", async () => {
    const response = await addDomain(ids.a, TENANT_B.domain);
    expect([response.statusCode, response.json().error.code]).toEqual([409, 'DOMAIN_TAKEN']);
  });

  it('keeps the domain, FAILED with the reason, when Route53 refuses the change', async () => {
    route53.on(ChangeResourceRecordSetsCommand).rejects(new InvalidChangeBatch({ message: 'RRSet of type CNAME is not permitted at apex', $metadata: {} }));
    const response = await addDomain(ids.a, nextDomain());
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ verificationStatus: 'FAILED', verificationError: expect.stringContaining('InvalidChangeBatch: RRSet of type CNAME') });
  });
});

describe('verifying', () => {
  it('follows the change until INSYNC, marks VERIFIED, and the domain is served at once', async () => {
    const domain = nextDomain();
    const { id } = (await addDomain(ids.a, domain)).json();
    expect(await served(domain)).toBe(404);
    route53.on(GetChangeCommand)
      .resolvesOnce({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } })
      .resolves({ ChangeInfo: { Id: '/change/C1', Status: 'INSYNC', SubmittedAt: new Date() } });
    const response = await call('POST', `/api/platform/domains/${id}/verify`, 'manager');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ verificationStatus: 'VERIFIED', verificationError: null, verifiedAt: expect.any(String) });
    expect(route53.commandCalls(GetChangeCommand).map((call) => call.args[0].input)).toEqual([{ Id: '/change/C1' }, { Id: '/change/C1' }]);
    const resources = await app.inject({ url: '/api/resources', headers: { host: domain } });
    expect(resources.statusCode).toBe(200);
  });

  it('retries a throttled GetChange and still verifies', async () => {
    const { id } = (await addDomain(ids.a, nextDomain())).json();
    route53.on(GetChangeCommand)
      .rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }))
      .resolves({ ChangeInfo: { Id: '/change/C1', Status: 'INSYNC', SubmittedAt: new Date() } });
    const response = await call('POST', `/api/platform/domains/${id}/verify`, 'root');
    expect(response.json().verificationStatus).toBe('VERIFIED');
    expect(route53.commandCalls(GetChangeCommand)).toHaveLength(2);
  });

  it('stays PENDING, saying so, while the change is still propagating', async () => {
    const domain = nextDomain();
    const { id } = (await addDomain(ids.a, domain)).json();
    route53.on(GetChangeCommand).resolves({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } });
    const response = await call('POST', `/api/platform/domains/${id}/verify`, 'root');
    expect(response.json()).toMatchObject({ verificationStatus: 'PENDING', message: expect.stringContaining('propagating') });
    expect(route53.commandCalls(GetChangeCommand)).toHaveLength(3);
    expect(await served(domain)).toBe(404);
  });

  it('marks FAILED with the reason when Route53 cannot follow the change, and the domain is not served', async () => {
    const domain = nextDomain();
    const { id } = (await addDomain(ids.a, domain)).json();
    route53.on(GetChangeCommand).rejects(new NoSuchChange({ message: 'A change with the specified change ID does not exist', $metadata: {} }));
    const response = await call('POST', `/api/platform/domains/${id}/verify`, 'root');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ verificationStatus: 'FAILED', verificationError: expect.stringContaining('NoSuchChange') });
    expect(await served(domain)).toBe(404);
  });

  it('upserts again when a FAILED domain is verified, then verifies it', async () => {
    route53.on(ChangeResourceRecordSetsCommand).rejectsOnce(new ThrottlingException({ message: 'x', $metadata: {} }))
      .rejectsOnce(new ThrottlingException({ message: 'x', $metadata: {} }))
      .rejectsOnce(new ThrottlingException({ message: 'x', $metadata: {} }))
      .rejectsOnce(new ThrottlingException({ message: 'x', $metadata: {} }))
      .rejectsOnce(new ThrottlingException({ message: 'x', $metadata: {} }))
      .resolves({ ChangeInfo: { Id: '/change/C9', Status: 'PENDING', SubmittedAt: new Date() } });
    const domain = nextDomain();
    const added = (await addDomain(ids.a, domain)).json();
    expect(added).toMatchObject({ verificationStatus: 'FAILED', verificationError: expect.stringContaining('ThrottlingException') });
    expect(route53.commandCalls(ChangeResourceRecordSetsCommand)).toHaveLength(5);
    const response = await call('POST', `/api/platform/domains/${added.id}/verify`, 'root');
    expect(response.json()).toMatchObject({ verificationStatus: 'VERIFIED', route53ChangeId: '/change/C9' });
    expect(await served(domain)).toBe(200);
  });

  it("is 404 for PLATFORM_SALES on a regular tenant's domain, and 409 for a primary domain", async () => {
    const { id } = (await addDomain(ids.a, nextDomain())).json();
    expect((await call('POST', `/api/platform/domains/${id}/verify`, 'sales')).statusCode).toBe(404);
    const primary = await fixture.database.shared.domain.findFirstOrThrow({ where: { tenantId: ids.a, isPrimary: true } });
    const response = await call('POST', `/api/platform/domains/${primary.id}/verify`, 'root');
    expect([response.statusCode, response.json().error.code]).toEqual([409, 'PRIMARY_DOMAIN']);
  });
});

describe('without AWS configuration', () => {
  it('adds the domain PENDING with a clear message; verifying leaves it PENDING and unserved', async () => {
    const domain = nextDomain();
    const added = await addDomain(ids.a, domain, 'root', bare);
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ verificationStatus: 'PENDING', route53ZoneId: null, route53ChangeId: null, message: NO_ROUTE53_MESSAGE });
    const verified = await call('POST', `/api/platform/domains/${added.json().id}/verify`, 'root', undefined, bare);
    expect(verified.json()).toMatchObject({ verificationStatus: 'PENDING', message: NO_ROUTE53_MESSAGE });
    expect(await served(domain, bare)).toBe(404);
    expect(route53.calls()).toHaveLength(0);
  });
});

describe('listing and removing', () => {
  it("lists a tenant's domains, primary first", async () => {
    const response = await call('GET', `/api/platform/tenants/${ids.a}/domains`, 'manager');
    expect(response.statusCode).toBe(200);
    const domains = response.json().domains as Array<{ domain: string; isPrimary: boolean }>;
    expect(domains[0]).toMatchObject({ domain: TENANT_A.domain, isPrimary: true, message: expect.any(String) });
    expect(domains.length).toBeGreaterThan(1);
  });

  it('deletes the Route53 record, then the domain, which stops resolving at once', async () => {
    const domain = nextDomain();
    const { id } = (await addDomain(ids.a, domain)).json();
    await call('POST', `/api/platform/domains/${id}/verify`, 'root');
    expect(await served(domain)).toBe(200);
    route53.resetHistory();
    const response = await call('DELETE', `/api/platform/domains/${id}`, 'root');
    expect(response.statusCode).toBe(204);
    expect(route53.commandCalls(ChangeResourceRecordSetsCommand)[0]!.args[0].input.ChangeBatch?.Changes).toEqual([
      { Action: 'DELETE', ResourceRecordSet: { Name: domain, Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: TARGET }] } },
    ]);
    expect(await served(domain)).toBe(404);
    expect(await fixture.database.shared.domain.findUnique({ where: { id } })).toBeNull();
  });

  it('keeps the domain (and serving it) when Route53 refuses the deletion, so it can be retried', async () => {
    const domain = nextDomain();
    const { id } = (await addDomain(ids.a, domain)).json();
    await call('POST', `/api/platform/domains/${id}/verify`, 'root');
    route53.on(ChangeResourceRecordSetsCommand).rejects(new InvalidChangeBatch({ message: 'values do not match', $metadata: {} }));
    const response = await call('DELETE', `/api/platform/domains/${id}`, 'root');
    expect(response.statusCode).toBe(500);
    expect(response.json().error.code).toBe('INTERNAL_ERROR');
    expect(await fixture.database.shared.domain.findUnique({ where: { id } })).not.toBeNull();
    expect(await served(domain)).toBe(200);
  });

  it('refuses to remove a primary domain (409) and hides other scopes (404)', async () => {
    const primary = await fixture.database.shared.domain.findFirstOrThrow({ where: { tenantId: ids.a, isPrimary: true } });
    expect((await call('DELETE', `/api/platform/domains/${primary.id}`, 'root')).statusCode).toBe(409);
    const { id } = (await addDomain(ids.a, nextDomain())).json();
    expect((await call('DELETE', `/api/platform/domains/${id}`, 'sales')).statusCode).toBe(404);
    expect((await call('DELETE', `/api/platform/domains/${id}`, 'support')).statusCode).toBe(403);
    expect((await call('DELETE', '/api/platform/domains/00000000-0000-4000-8000-000000000000', 'root')).statusCode).toBe(404);
  });

  it("deleting a tenant deletes its custom domains' CNAMEs", async () => {
    const created = (await call('POST', '/api/platform/tenants', 'root', {
      name: 'Leaving', schemaName: 'api_dom_leaving', domain: 'leaving.api.test', subscriptionTier: 'ENTERPRISE',
    })).json();
    const domain = nextDomain();
    expect((await addDomain(created.id, domain)).statusCode).toBe(201);
    route53.resetHistory();
    expect((await call('DELETE', `/api/platform/tenants/${created.id}`, 'root')).statusCode).toBe(204);
    const deletes = route53.commandCalls(ChangeResourceRecordSetsCommand)
      .map((call) => call.args[0].input.ChangeBatch?.Changes?.[0])
      .filter((change) => change?.Action === 'DELETE');
    expect(deletes.map((change) => change?.ResourceRecordSet?.Name)).toEqual([domain]);
  });
});

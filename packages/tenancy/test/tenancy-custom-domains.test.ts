/**
 * Which domains resolve: platform-assigned ones always, custom ones only once VERIFIED, and a change of
 * verification status is seen at once (the domains trigger's NOTIFY clears the cache). Platform-only routes.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTenancyTestApp, createTenancyFixture, type TenancyFixture } from './tenancy-test-app.ts';

let fixture: TenancyFixture;
let app: FastifyInstance;
let alphaId: string;

beforeAll(async () => {
  fixture = await createTenancyFixture();
  app = await buildTenancyTestApp({ database: fixture.database });
  alphaId = (await fixture.sql(`SELECT id FROM public.tenants WHERE schema_name = 'tn_alpha'`)).rows[0].id as string;
});

afterAll(async () => {
  await app?.close();
  await fixture?.close();
});

const whoami = (host: string) => app.inject({ url: '/whoami', headers: { host } });

async function addDomain(domain: string, fields: { custom: boolean; status: 'PENDING' | 'VERIFIED' | 'FAILED' }) {
  await fixture.sql(
    `INSERT INTO public.domains (id, domain, tenant_id, is_custom_domain, verification_status)
     VALUES (gen_random_uuid(), $1, $2, $3, $4)`,
    [domain, alphaId, fields.custom, fields.status],
  );
}

describe('custom domains resolve only once verified', () => {
  it.each([
    { domain: 'pending.custom.test', custom: true, status: 'PENDING', resolves: false },
    { domain: 'failed.custom.test', custom: true, status: 'FAILED', resolves: false },
    { domain: 'verified.custom.test', custom: true, status: 'VERIFIED', resolves: true },
    { domain: 'second.alpha.test', custom: false, status: 'PENDING', resolves: true },
  ] as const)('$domain (custom: $custom, $status) resolves: $resolves', async ({ domain, custom, status, resolves }) => {
    await addDomain(domain, { custom, status });
    const response = await whoami(domain);
    if (resolves) {
      expect(response.statusCode).toBe(200);
      expect(response.json().tenant.schemaName).toBe('tn_alpha');
    } else {
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'TENANT_NOT_FOUND' });
    }
  });

  it('a custom domain resolves as soon as it is verified, and stops when it is deleted', async () => {
    await addDomain('soon.custom.test', { custom: true, status: 'PENDING' });
    expect((await whoami('soon.custom.test')).statusCode).toBe(404);
    await fixture.sql(`UPDATE public.domains SET verification_status = 'VERIFIED' WHERE domain = 'soon.custom.test'`);
    // The miss was cached; the invalidation (NOTIFY from another connection, or invalidate() in this process)
    // must clear it. invalidate() is what the domain service calls, so that this process does not wait.
    app.tenancy.invalidate();
    expect((await whoami('soon.custom.test')).statusCode).toBe(200);
    await fixture.sql(`DELETE FROM public.domains WHERE domain = 'soon.custom.test'`);
    app.tenancy.invalidate();
    expect((await whoami('soon.custom.test')).statusCode).toBe(404);
  });
});

describe("route config tenancy: 'platform'", () => {
  it('answers on a platform host', async () => {
    const response = await app.inject({ url: '/platform-only', headers: { host: 'localhost:3000' } });
    expect(response.statusCode).toBe(200);
  });

  it.each(['alpha.example.test', 'unknown.example.test', 'gamma.example.test'])(
    'answers 404 PLATFORM_HOST_REQUIRED on %s (tenant, unknown or suspended host)',
    async (host) => {
      const response = await app.inject({ url: '/platform-only', headers: { host } });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'PLATFORM_HOST_REQUIRED' });
    },
  );
});

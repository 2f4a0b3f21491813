/**
 * The host → tenant cache against real notifications: changes made on another connection (as another process
 * would) reach the cache through LISTEN tenancy_changed; TTLs are long here, so only invalidation explains a change.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildTenancyTestApp, createTenancyFixture, type TenancyFixture } from './tenancy-test-app.ts';

const LONG = 10 * 60_000;
let fixture: TenancyFixture;
let app: FastifyInstance;

const statusOn = async (host: string) => (await app.inject({ url: '/whoami', headers: { host } })).statusCode;
const waitUntilListening = () => vi.waitFor(() => expect(app.tenancy.status().listening).toBe(true), { timeout: 10_000 });

beforeAll(async () => {
  fixture = await createTenancyFixture();
});

afterAll(async () => {
  await fixture?.close();
});

beforeEach(async () => {
  app = await buildTenancyTestApp({ database: fixture.database, cacheTtlMs: LONG, negativeCacheTtlMs: LONG });
  await waitUntilListening();
});

afterEach(async () => {
  await app.close();
});

describe('invalidation by notification', () => {
  it('a cached tenant suspended by another connection answers 403', async () => {
    expect(await statusOn('alpha.example.test')).toBe(200);
    expect(app.tenancy.status().cachedHosts).toBe(1);

    await fixture.sql(`UPDATE tenants SET status = 'SUSPENDED' WHERE schema_name = 'tn_alpha'`);
    await vi.waitFor(async () => expect(await statusOn('alpha.example.test')).toBe(403), { timeout: 5_000 });

    await fixture.sql(`UPDATE tenants SET status = 'ACTIVE' WHERE schema_name = 'tn_alpha'`);
    await vi.waitFor(async () => expect(await statusOn('alpha.example.test')).toBe(200), { timeout: 5_000 });
  });

  it('a newly added domain resolves although "unknown" was cached for it', async () => {
    expect(await statusOn('new.alpha.example.test')).toBe(404);
    expect(app.tenancy.status().cachedHosts).toBe(1);

    await fixture.sql(
      `INSERT INTO domains (id, domain, tenant_id) SELECT gen_random_uuid(), 'new.alpha.example.test', id
       FROM tenants WHERE schema_name = 'tn_alpha'`,
    );
    await vi.waitFor(async () => expect(await statusOn('new.alpha.example.test')).toBe(200), { timeout: 5_000 });

    await fixture.sql(`DELETE FROM domains WHERE domain = 'new.alpha.example.test'`);
    await vi.waitFor(async () => expect(await statusOn('new.alpha.example.test')).toBe(404), { timeout: 5_000 });
  });
});

describe('same-process invalidation', () => {
  /** With triggers off for one session nothing is announced, which shows the answer really came from the cache. */
  const silently = (sql: string) => fixture.sql(`SET session_replication_role = replica; ${sql}`);

  it('app.tenancy.invalidate() drops cached answers', async () => {
    expect(await statusOn('beta.example.test')).toBe(200);
    await silently(`UPDATE tenants SET status = 'SUSPENDED' WHERE schema_name = 'tn_beta'`);
    try {
      expect(await statusOn('beta.example.test')).toBe(200);
      app.tenancy.invalidate();
      expect(app.tenancy.status().cachedHosts).toBe(0);
      expect(await statusOn('beta.example.test')).toBe(403);
    } finally {
      await silently(`UPDATE tenants SET status = 'TRIAL' WHERE schema_name = 'tn_beta'`);
      app.tenancy.invalidate();
    }
  });
});

describe('the listener connection', () => {
  const terminateListener = () =>
    fixture.sql(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'`,
    );

  it('reconnects after being killed, clearing the cache, and hears changes again', async () => {
    expect(await statusOn('alpha.example.test')).toBe(200);
    expect((await terminateListener()).rowCount).toBe(1);
    await vi.waitFor(() => expect(app.tenancy.status().listening).toBe(false), { timeout: 5_000 });
    await waitUntilListening();
    expect(app.tenancy.status().cachedHosts).toBe(0);

    expect(await statusOn('alpha.example.test')).toBe(200);
    await fixture.sql(`UPDATE tenants SET status = 'SUSPENDED' WHERE schema_name = 'tn_alpha'`);
    try {
      await vi.waitFor(async () => expect(await statusOn('alpha.example.test')).toBe(403), { timeout: 5_000 });
    } finally {
      await fixture.sql(`UPDATE tenants SET status = 'ACTIVE' WHERE schema_name = 'tn_alpha'`);
    }
  });

  it('holds one pooled connection and gives it back on close', async () => {
    const listeners = async () =>
      Number(
        (
          await fixture.sql(
            `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
          )
        ).rows[0].n,
      );
    expect(await listeners()).toBe(1);
    await app.close();
    await vi.waitFor(async () => expect(await listeners()).toBe(0), { timeout: 5_000 });
  });
});

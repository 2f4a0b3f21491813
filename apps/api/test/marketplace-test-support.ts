/**
 * A marketplace world for the API tests: the catalog synced from the six plugin folders, two BUSINESS tenants (A a
 * demo tenant, so platform sales reach it; B not) with one user of every tenant role, a FREE tenant (one plugin
 * allowed) with an owner and a manager, and one user of every platform role.
 */
import type { Database, Role } from '@smoothschedule/db';
import { createDatabase, createTenantProvisioner, loadMigrationSet } from '@smoothschedule/db';
import { createMigratedTestDatabase, type TestDatabase } from '@smoothschedule/db/testing';
import { syncPluginCatalog } from '@smoothschedule/marketplace';
import { pino } from 'pino';
import { buildApp, type App } from '../src/app.ts';
import { testConfig } from './api-test-app.ts';
import { createUser, JWT_SECRET, login } from './auth-test-support.ts';
import { ALL_ROLES, call, PLATFORM_HOST } from './scheduling-test-support.ts';

export { ALL_ROLES, call, PLATFORM_HOST };

export const TENANT_ROLES = ['TENANT_OWNER', 'TENANT_MANAGER', 'TENANT_STAFF', 'CUSTOMER'] as const;
const PLATFORM_ROLES: readonly Role[] = ALL_ROLES.slice(0, 4);

const TENANTS = {
  a: { name: 'Alpha Plugins', schemaName: 'mkt_alpha', domain: 'alpha.mkt.test', subscriptionTier: 'BUSINESS' as const, isDemo: true },
  b: { name: 'Beta Plugins', schemaName: 'mkt_beta', domain: 'beta.mkt.test', subscriptionTier: 'BUSINESS' as const, isDemo: false },
  free: { name: 'Free Plugins', schemaName: 'mkt_free', domain: 'free.mkt.test', subscriptionTier: 'FREE' as const, isDemo: false },
};
export type TenantKey = keyof typeof TENANTS;

export interface MarketplaceTenant {
  id: string;
  domain: string;
  users: Partial<Record<(typeof TENANT_ROLES)[number], string>>;
  tokens: Partial<Record<(typeof TENANT_ROLES)[number], string>>;
}

export interface MarketplaceWorld {
  testDb: TestDatabase;
  database: Database;
  app: App;
  tenants: Record<TenantKey, MarketplaceTenant>;
  platformTokens: Record<string, string>;
  close(): Promise<void>;
}

export const SLUGS = [
  'appointment-reminders', 'buffer-time', 'customer-win-back', 'daily-schedule-digest', 'no-show-tracker', 'signed-webhooks',
] as const;

export const WEBHOOK_CONFIG = { url: 'https://example.com/hook', secret: 'a-very-secret-signing-key-0123456789' };

export async function createMarketplaceWorld(): Promise<MarketplaceWorld> {
  const testDb = await createMigratedTestDatabase();
  const database = createDatabase({ connectionString: testDb.url, poolSize: 12 });
  await syncPluginCatalog(database.shared);
  const provisioner = createTenantProvisioner({ pool: database.pool, tenantMigrations: loadMigrationSet('tenant') });
  const config = testConfig('postgresql://unused@127.0.0.1/unused', { JWT_SECRET, LOGIN_RATE_LIMIT_PER_IP: '10000' });
  const app = await buildApp({ config, database, logger: pino({ level: 'silent' }) });
  await app.ready();

  const platformTokens: Record<string, string> = {};
  for (const role of PLATFORM_ROLES) {
    const email = `${role.toLowerCase()}@platform.test`;
    await createUser(database, { email, role });
    platformTokens[role] = (await login(app, PLATFORM_HOST, email)).accessToken;
  }
  const tenants = {} as Record<TenantKey, MarketplaceTenant>;
  for (const [key, spec] of Object.entries(TENANTS) as Array<[TenantKey, (typeof TENANTS)[TenantKey]]>) {
    const tenant = await provisioner.provision(spec);
    const roles = key === 'free' ? (['TENANT_OWNER', 'TENANT_MANAGER'] as const) : TENANT_ROLES;
    const world: MarketplaceTenant = { id: tenant.id, domain: spec.domain, users: {}, tokens: {} };
    for (const role of roles) {
      const email = `${role.toLowerCase()}@${spec.domain}`;
      world.users[role] = (await createUser(database, { email, role, tenantId: tenant.id })).id;
      world.tokens[role] = (await login(app, spec.domain, email)).accessToken;
    }
    tenants[key] = world;
  }
  return {
    testDb, database, app, tenants, platformTokens,
    async close() {
      await app.close();
      await database.close();
      await testDb.drop();
    },
  };
}

/** The token a role uses on a tenant's host (platform roles use their platform token everywhere). */
export function tokenOf(world: MarketplaceWorld, tenant: TenantKey, role: Role): string {
  return world.platformTokens[role] ?? world.tenants[tenant].tokens[role as (typeof TENANT_ROLES)[number]]!;
}

/** A call on a tenant's host as one of its roles (owner by default). */
export function asTenant(world: MarketplaceWorld, tenant: TenantKey, method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string, payload?: unknown, role: Role = 'TENANT_OWNER') {
  return call(world.app, method, url, { host: world.tenants[tenant].domain, token: tokenOf(world, tenant, role), payload });
}

/** Every installation and rating row, to prove a refused request wrote nothing. */
export async function marketplaceRows(database: Database) {
  const { rows: installations } = await database.pool.query(
    'SELECT tenant_id, plugin_id, config::text, installed_at, updated_at FROM public.plugin_installations ORDER BY tenant_id, plugin_id');
  const { rows: ratings } = await database.pool.query(
    'SELECT tenant_id, plugin_id, stars, review, updated_at FROM public.plugin_ratings ORDER BY tenant_id, plugin_id');
  return { installations, ratings };
}

export async function resetMarketplace(database: Database): Promise<void> {
  await database.pool.query('DELETE FROM public.plugin_ratings');
  await database.pool.query('DELETE FROM public.plugin_installations');
}

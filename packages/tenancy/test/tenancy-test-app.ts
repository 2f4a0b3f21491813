/** A throwaway database with three tenants, and a bare Fastify app with only the tenancy plugin and test routes. */
import { createDatabase, createTenantProvisioner, loadMigrationSet, type Database } from '@smoothschedule/db';
import { createMigratedTestDatabase, type TestDatabase } from '@smoothschedule/db/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { tenancy, type TenancyPluginOptions } from '../src/index.ts';

export const TENANTS = [
  { name: 'Alpha Salon', schemaName: 'tn_alpha', domain: 'alpha.example.test', status: 'ACTIVE' },
  { name: 'Beta Clinic', schemaName: 'tn_beta', domain: 'beta.example.test', status: 'TRIAL' },
  { name: 'Gamma Repairs', schemaName: 'tn_gamma', domain: 'gamma.example.test', status: 'SUSPENDED' },
] as const;

export interface TenancyFixture {
  testDb: TestDatabase;
  database: Database;
  /** Runs SQL on its own connection, as another process would. */
  sql(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  close(): Promise<void>;
}

export async function createTenancyFixture(): Promise<TenancyFixture> {
  const testDb = await createMigratedTestDatabase();
  const database = createDatabase({ connectionString: testDb.url, poolSize: 4 });
  const provisioner = createTenantProvisioner({ pool: database.pool, tenantMigrations: loadMigrationSet('tenant') });
  for (const tenant of TENANTS) {
    await provisioner.provision({ ...tenant });
    await database.tenants.forSchema(tenant.schemaName).resource.create({
      data: { name: `${tenant.schemaName} chair`, type: 'EQUIPMENT' },
    });
  }
  return {
    testDb,
    database,
    async sql(text, values) {
      const client = new pg.Client({ connectionString: testDb.url });
      await client.connect();
      try {
        return await client.query(text, values);
      } finally {
        await client.end();
      }
    },
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}

type TestAppOptions = Partial<Omit<TenancyPluginOptions, 'database'>> & { database: Database };

/** Echoes what the plugin put on the request, and lists the resources its tenant client sees. */
export async function buildTenancyTestApp(options: TestAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(tenancy, { platformHosts: ['localhost', '127.0.0.1', 'platform.example.test'], ...options });
  app.get('/whoami', async (request) => ({
    isPlatformHost: request.isPlatformHost,
    tenant: request.tenant,
    hasDb: request.db !== null,
  }));
  app.get('/resources', { config: { tenancy: 'required' } }, async (request) => {
    const { db } = app.tenancy.requireTenant(request);
    const resources = await db.resource.findMany({ orderBy: { createdAt: 'asc' } });
    return resources.map((resource) => resource.name);
  });
  // A body to parse and a pause before the query: the tenant context must survive both.
  app.post<{ Body: { prefix: string; delayMs?: number } }>(
    '/resources/search',
    { config: { tenancy: 'required' } },
    async (request) => {
      await new Promise((resolve) => setTimeout(resolve, request.body.delayMs ?? 0));
      const resources = await request.db!.resource.findMany({ where: { name: { startsWith: request.body.prefix } } });
      return resources.map((resource) => resource.name);
    },
  );
  app.get('/platform-only', { config: { tenancy: 'platform' } }, async () => ({ ok: true }));
  app.get('/health', { config: { tenancy: 'skip' } }, async (request) => ({
    tenant: request.tenant,
    isPlatformHost: request.isPlatformHost,
  }));
  await app.ready();
  return app;
}

/** Builds the real app over a throwaway database with two tenants, and captures its log lines. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createDatabase, createTenantProvisioner, loadMigrationSet, type Database } from '@smoothschedule/db';
import { createMigratedTestDatabase, type TestDatabase } from '@smoothschedule/db/testing';
import { pino } from 'pino';
import { buildApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

export const TENANT_A = { name: 'Alpha Salon', schemaName: 'api_alpha', domain: 'alpha.api.test' };
export const TENANT_B = { name: 'Beta Clinic', schemaName: 'api_beta', domain: 'beta.api.test' };
export const SUSPENDED = { name: 'Gone', schemaName: 'api_gone', domain: 'gone.api.test', status: 'SUSPENDED' as const };

export interface ApiFixture {
  testDb: TestDatabase;
  database: Database;
  close(): Promise<void>;
}

export async function createApiFixture(): Promise<ApiFixture> {
  const testDb = await createMigratedTestDatabase();
  const database = createDatabase({ connectionString: testDb.url, poolSize: 4 });
  const provisioner = createTenantProvisioner({ pool: database.pool, tenantMigrations: loadMigrationSet('tenant') });
  for (const tenant of [TENANT_A, TENANT_B, SUSPENDED]) await provisioner.provision(tenant);
  return {
    testDb,
    database,
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}

export type LogLine = Record<string, unknown> & { msg?: string };

/** A pino logger whose JSON lines land in `lines`. */
export function captureLogs() {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

/** Settings for a test app; the security log goes to a fresh temporary folder, never the repository's logs/. */
export const testConfig = (databaseUrl: string, env: Record<string, string> = {}) =>
  loadConfig({
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    LOG_DIR: mkdtempSync(path.join(tmpdir(), 'ss-api-logs-')),
    // Plugin jobs in memory: a test app starts no pg-boss workers (the pg-boss queue has its own tests).
    JOB_QUEUE: 'in-process',
    ...env,
  });

/** The app, not yet ready, so a test may add routes first. `env` overrides settings (e.g. rate limits). */
export function buildTestApp(
  database: Database,
  logger = pino({ level: 'silent' }),
  env: Record<string, string> = {},
): Promise<App> {
  const config = testConfig('postgresql://unused@127.0.0.1/unused', env);
  return buildApp({ config, database, logger });
}

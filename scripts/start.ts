/**
 * pnpm start — the first run and every run after it: a database (DATABASE_URL, or an embedded PostgreSQL under
 * .data/postgres), migrations, the plugin catalog, the demo tenant if missing (with its plugins), spare tenant
 * schemas, then the API on PORT.
 */
import pg from 'pg';
import { formatDemoUsers, seedDemoUsers } from '@smoothschedule/auth';
import { seedDemoPlugins, syncPluginCatalog } from '@smoothschedule/marketplace';
import { seedDemoSchedule } from '@smoothschedule/scheduling';
import {
  createConsoleReporter,
  createDatabase,
  DEMO_TENANT,
  loadMigrationSet,
  runMigrations,
  seedDemoTenant,
  topUpSpareSchemas,
} from '@smoothschedule/db';
import { ConfigError, loadConfig, type AppConfig } from '@smoothschedule/api/config';
import { startServer } from '@smoothschedule/api/server';
import { ensureDatabaseUrl, type DatabaseConnection } from './lib/database-url.ts';

const shared = loadMigrationSet('shared');
const tenant = loadMigrationSet('tenant');

async function migrate(url: string, concurrency: number): Promise<boolean> {
  const pool = new pg.Pool({ connectionString: url, max: concurrency });
  pool.on('error', () => undefined);
  try {
    const report = await runMigrations({ pool, shared, tenant, concurrency, reporter: createConsoleReporter(process.stderr) });
    return report.failed === 0;
  } finally {
    await pool.end();
  }
}

async function seed(url: string, port: number): Promise<void> {
  const database = createDatabase({ connectionString: url, poolSize: 2 });
  try {
    const result = await seedDemoTenant(database, tenant);
    if (result.created) console.log(`Seeded the demo tenant "Demo Company" on ${result.domain}`);
    // Passwords exist only in this process: printed on the run that creates the users, never again.
    const users = await seedDemoUsers(database, result);
    if (users.length > 0) console.log(formatDemoUsers(users, port));
    // After the users: links the demo staff and customer logins to their resource and customer record.
    await seedDemoSchedule(database, { tenantId: result.tenantId, schemaName: DEMO_TENANT.schemaName, timezone: DEMO_TENANT.timezone });
    // After migrating, every start: the catalog follows the shipped plugin folders; then the demo's six plugins.
    await syncPluginCatalog(database.shared);
    await seedDemoPlugins(database, result.tenantId);
  } finally {
    await database.close();
  }
}

/** Spares make the next tenant creation a rename; building them must not delay serving. */
function topUpSparesInBackground(url: string, target: number): void {
  if (target <= 0) return;
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  // Ctrl-C reaches an embedded PostgreSQL too, which then drops this connection, perhaps mid-build: that must end
  // the build (the catch below), never crash the process with an unhandled 'error' event before shutdown is done.
  pool.on('error', () => undefined);
  topUpSpareSchemas(pool, tenant, target)
    .catch((error: unknown) => console.error(`Could not build spare tenant schemas: ${(error as Error).message}`))
    .finally(() => pool.end());
}

function banner(config: AppConfig, connection: DatabaseConnection): string {
  const port = config.port;
  return [
    '',
    `Smooth Schedule is running on http://localhost:${port}`,
    `  database      ${connection.embedded ? `embedded PostgreSQL (data in ${process.env.EMBEDDED_POSTGRES_DIR ?? '.data/postgres'})` : 'DATABASE_URL'}`,
    `  health        http://localhost:${port}/health   ready: http://localhost:${port}/ready`,
    `  API docs      http://localhost:${port}/docs`,
    `  demo tenant   http://demo.localhost:${port}/api/resources`,
    '',
  ].join('\n');
}

async function main(): Promise<number> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const connection = await ensureDatabaseUrl();
  try {
    if (!(await migrate(connection.url, config.migrateConcurrency))) {
      console.error('Some schemas failed to migrate (see above); fix them and start again. Not serving.');
      await connection.stop();
      return 1;
    }
    await seed(connection.url, config.port);
  } catch (error) {
    await connection.stop();
    throw error;
  }
  const server = await startServer({ ...config, databaseUrl: connection.url }, { onClosed: () => connection.stop() });
  topUpSparesInBackground(connection.url, config.spareTenantSchemas);
  console.log(banner(config, connection));
  return -1;
}

main().then(
  (code) => {
    // -1: serving; the server's signal handlers end the process.
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

/** pnpm db:seed — creates the demo tenant (Demo Company on demo.localhost) and its data if it is missing. */
import { createDatabase, loadMigrationSet, seedDemoTenant } from '@smoothschedule/db';
import { reportCliError } from './lib/cli-errors.ts';
import { ensureDatabaseUrl } from './lib/database-url.ts';

async function main(): Promise<number> {
  const connection = await ensureDatabaseUrl();
  const database = createDatabase({ connectionString: connection.url, poolSize: 2 });
  try {
    const result = await seedDemoTenant(database, loadMigrationSet('tenant'));
    console.log(result.created
      ? `Seeded the demo tenant on ${result.domain} (id ${result.tenantId})`
      : `The demo tenant already exists on ${result.domain}; nothing to do`);
    return 0;
  } catch (error) {
    console.error('Seeding failed (has `pnpm db:migrate` run?)');
    return reportCliError(error);
  } finally {
    await database.close();
    await connection.stop();
  }
}

// process.exit, not exitCode: the embedded PostgreSQL package installs exit hooks that would force 0.
process.exit(await main());

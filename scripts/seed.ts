/**
 * pnpm db:seed — creates the demo tenant (Demo Company on demo.localhost) and its data if it is missing, and one
 * demo user of every role, printing the logins of those it creates.
 */
import { formatDemoUsers, seedDemoUsers } from '@smoothschedule/auth';
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
    const users = await seedDemoUsers(database, result);
    console.log(users.length > 0 ? formatDemoUsers(users) : 'The demo users already exist; their passwords were shown when they were created');
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

/**
 * pnpm db:seed — creates the demo tenant (Demo Company on demo.localhost) and its data if it is missing, and one
 * demo user of every role, printing the logins of those it creates; syncs the plugin catalog and installs the six
 * platform plugins in the demo tenant.
 */
import { formatDemoUsers, seedDemoUsers } from '@smoothschedule/auth';
import { DEMO_TENANT, loadMigrationSet, seedDemoTenant } from '@smoothschedule/db';
import { formatCatalogSyncReport, seedDemoPlugins, syncPluginCatalog } from '@smoothschedule/marketplace';
import { seedDemoSchedule } from '@smoothschedule/scheduling';
import { withCliDatabase } from './lib/cli-database.ts';

function main(): Promise<number> {
  return withCliDatabase(async (database) => {
    const result = await seedDemoTenant(database, loadMigrationSet('tenant'));
    console.log(result.created
      ? `Seeded the demo tenant on ${result.domain} (id ${result.tenantId})`
      : `The demo tenant already exists on ${result.domain}; nothing to do`);
    const users = await seedDemoUsers(database, result);
    console.log(users.length > 0 ? formatDemoUsers(users) : 'The demo users already exist; their passwords were shown when they were created');
    // After the users: links the demo staff and customer logins to their resource and customer record.
    const schedule = await seedDemoSchedule(database, { tenantId: result.tenantId, schemaName: DEMO_TENANT.schemaName, timezone: DEMO_TENANT.timezone });
    if (schedule.appointments > 0) console.log(`Booked ${schedule.appointments} demo appointments`);
    console.log(formatCatalogSyncReport(await syncPluginCatalog(database.shared)));
    const plugins = await seedDemoPlugins(database, result.tenantId);
    if (plugins.installed.length > 0) console.log(`Installed ${plugins.installed.length} plugins in the demo tenant`);
    return 0;
  }, () => console.error('Seeding failed (has `pnpm db:migrate` run?)'));
}

// process.exit, not exitCode: the embedded PostgreSQL package installs exit hooks that would force 0.
process.exit(await main());

/**
 * pnpm tenant:create --name "Demo Company" --schema demo --domain demo.localhost --tier PROFESSIONAL
 *   [--demo] [--timezone Europe/Paris] [--status TRIAL]
 */
import { parseArgs } from 'node:util';
import { createTenantProvisioner, loadMigrationSet } from '@smoothschedule/db';
import { withCliDatabase } from './lib/cli-database.ts';

const USAGE = `Usage: pnpm tenant:create --name <name> --schema <schema_name> --domain <host> [--tier FREE|PROFESSIONAL|BUSINESS|ENTERPRISE]
                          [--status ACTIVE|TRIAL|SUSPENDED] [--timezone <IANA zone>] [--demo]`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        name: { type: 'string' },
        schema: { type: 'string' },
        domain: { type: 'string' },
        tier: { type: 'string' },
        status: { type: 'string' },
        timezone: { type: 'string' },
        demo: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const missing = (['name', 'schema', 'domain'] as const).filter((flag) => !values[flag]);
  if (missing.length > 0) {
    console.error(`Missing ${missing.map((flag) => `--${flag}`).join(', ')}\n${USAGE}`);
    return 2;
  }

  return withCliDatabase(async (database) => {
    const started = performance.now();
    const tenant = await createTenantProvisioner({ pool: database.pool, tenantMigrations: loadMigrationSet('tenant') })
      .provision({
        name: values.name!,
        schemaName: values.schema!,
        domain: values.domain!,
        subscriptionTier: values.tier as never,
        status: values.status as never,
        timezone: values.timezone,
        isDemo: values.demo,
      });
    const ms = Math.round(performance.now() - started);
    console.log(`Created tenant "${tenant.name}" (id ${tenant.id}, schema ${tenant.schemaName}, ${tenant.subscriptionTier}) ` +
      `on ${tenant.domain} in ${ms} ms${tenant.fromSpare ? ' from a spare schema' : ''}`);
    return 0;
  });
}

// process.exit, not exitCode: the embedded PostgreSQL package installs exit hooks that would force 0.
process.exit(await main());

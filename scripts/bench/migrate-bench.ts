import pg from 'pg';
import { createTenantProvisioner, loadMigrationSet, runMigrations } from '@smoothschedule/db';

/**
 * Seconds for a migrate run that has nothing to do over `schemaCount` real tenant schemas (full tenant
 * migrations, provisioned the ordinary way), after a first run has brought everything up to date.
 */
export async function measureNoOpMigrate(url: string, schemaCount: number): Promise<{ seconds: number; schemas: number }> {
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  const shared = loadMigrationSet('shared');
  const tenant = loadMigrationSet('tenant');
  const provisioner = createTenantProvisioner({ pool, tenantMigrations: tenant });
  try {
    let next = 0;
    const worker = async () => {
      while (next < schemaCount) {
        const index = next++;
        const name = `mig_${String(index).padStart(5, '0')}`;
        await provisioner.provision({ name, schemaName: name, domain: `mig${index}.bench.test` });
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    const silent = { onEvent: () => undefined };
    await runMigrations({ pool, shared, tenant, concurrency: 4, reporter: silent });
    const started = performance.now();
    const report = await runMigrations({ pool, shared, tenant, concurrency: 4, reporter: silent });
    const seconds = (performance.now() - started) / 1000;
    if (report.failed > 0 || report.migrated > 0) throw new Error('the no-op migrate run was not a no-op');
    return { seconds, schemas: report.schemas.length };
  } finally {
    await pool.end();
  }
}

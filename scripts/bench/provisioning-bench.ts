import pg from 'pg';
import { createTenantProvisioner, loadMigrationSet, topUpSpareSchemas } from '@smoothschedule/db';
import { median } from './statistics.ts';

/** Median milliseconds to provision a tenant, by replaying migrations and by claiming a ready spare. */
export async function measureProvisioning(url: string, samples = 30): Promise<{ replayMs: number; spareMs: number }> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const tenantMigrations = loadMigrationSet('tenant');
  const provisioner = createTenantProvisioner({ pool, tenantMigrations });
  const timeOne = async (name: string) => {
    const started = performance.now();
    await provisioner.provision({ name, schemaName: name, domain: `${name.replaceAll('_', '-')}.bench.test` });
    return performance.now() - started;
  };
  try {
    await timeOne('prov_warmup');
    const replay: number[] = [];
    for (let index = 0; index < samples; index++) replay.push(await timeOne(`prov_replay_${index}`));
    await topUpSpareSchemas(pool, tenantMigrations, samples);
    const spare: number[] = [];
    for (let index = 0; index < samples; index++) spare.push(await timeOne(`prov_spare_${index}`));
    return { replayMs: median(replay), spareMs: median(spare) };
  } finally {
    await pool.end();
  }
}

import { createDatabase, type Database } from '../database.ts';
import { loadMigrationSet } from '../migrator/migration-files.ts';
import { createTenantProvisioner } from '../provisioning/tenant-provisioner.ts';
import { createMigratedTestDatabase, type TestDatabase } from './test-database.ts';

export interface TenantTestBed {
  testDb: TestDatabase;
  db: Database;
  close(): Promise<void>;
}

/** A throwaway database with one provisioned tenant per schema name (domain `<name>.test`, underscores dashed). */
export async function createTenantTestBed(schemaNames: readonly string[], poolSize = 4): Promise<TenantTestBed> {
  const testDb = await createMigratedTestDatabase();
  const db = createDatabase({ connectionString: testDb.url, poolSize });
  const provisioner = createTenantProvisioner({ pool: db.pool, tenantMigrations: loadMigrationSet('tenant') });
  for (const schemaName of schemaNames) {
    await provisioner.provision({ name: schemaName, schemaName, domain: `${schemaName.replaceAll('_', '-')}.test` });
  }
  return {
    testDb,
    db,
    async close() {
      await db.close();
      await testDb.drop();
    },
  };
}

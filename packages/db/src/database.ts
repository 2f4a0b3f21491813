import pg from 'pg';
import { createSharedClient, type SharedClient } from './shared-client.ts';
import { createTenantClientFactory, type TenantClientFactory } from './tenant-client/tenant-client-factory.ts';

export interface DatabaseOptions {
  connectionString: string;
  /** The most PostgreSQL connections this process opens, whatever the number of tenants. */
  poolSize?: number;
  /** Bound tenant clients kept for reuse. */
  boundClientCacheSize?: number;
}

/**
 * Everything a process needs to reach the database: one pg.Pool, the shared client for public, and the tenant
 * client factory. Both clients share the pool, so connections never exceed `poolSize`.
 */
export interface Database {
  readonly pool: pg.Pool;
  readonly shared: SharedClient;
  readonly tenants: TenantClientFactory;
  /** Resolves when PostgreSQL answers; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createDatabase(options: DatabaseOptions): Database {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
  // An idle connection that PostgreSQL drops must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const shared = createSharedClient(pool);
  const tenants = createTenantClientFactory({ pool, boundClientCacheSize: options.boundClientCacheSize });
  return {
    pool,
    shared,
    tenants,
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await Promise.allSettled([shared.$disconnect(), tenants.disconnect()]);
      await pool.end();
    },
  };
}

/**
 * Throwaway databases and fixtures for the benchmarks. A bench database is created fresh on the server of
 * DATABASE_URL (or an embedded PostgreSQL under .data/bench-postgres) and dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateSharedSchema, loadMigrationSet, startEmbeddedPostgres } from '@smoothschedule/db';

export interface BenchServer {
  adminUrl: string;
  stop(): Promise<void>;
}

export async function benchServer(): Promise<BenchServer> {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL, stop: async () => undefined };
  const server = await startEmbeddedPostgres({ dataDir: '.data/bench-postgres' });
  return { adminUrl: server.url('postgres'), stop: () => server.stop() };
}

export interface BenchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database with the shared schema migrated. */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `ss_bench_${randomBytes(4).toString('hex')}`;
  await admin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const parsed = new URL(adminUrl);
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  await migrateSharedSchema(pool, loadMigrationSet('shared'));
  await pool.end();
  return {
    url,
    name,
    drop: () => admin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

export interface BenchTenant {
  schemaName: string;
  domain: string;
}

/**
 * Many tenants, fast: each schema holds only the table the benchmarked endpoint reads (resources, with its enum
 * type, exactly as the tenant migration defines them) and one row. Building 10,000 full tenant schemas would
 * take minutes and measure PostgreSQL's DDL, not the API.
 */
export async function addLightTenants(url: string, count: number, prefix: string): Promise<BenchTenant[]> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const tenants = Array.from({ length: count }, (_, index) => ({
    schemaName: `${prefix}${String(index).padStart(5, '0')}`,
    domain: `${prefix.replaceAll('_', '-')}${index}.bench.test`,
  }));
  const batches: BenchTenant[][] = [];
  for (let start = 0; start < tenants.length; start += 250) batches.push(tenants.slice(start, start + 250));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      // Names come from the fixed prefix and an index, never from input.
      const ddl = batch.map(({ schemaName: s }) => `
        CREATE SCHEMA "${s}";
        CREATE TYPE "${s}"."ResourceType" AS ENUM ('STAFF', 'ROOM', 'EQUIPMENT');
        CREATE TABLE "${s}"."resources" ("id" UUID PRIMARY KEY, "name" TEXT NOT NULL, "type" "${s}"."ResourceType" NOT NULL,
          "user_id" UUID, "is_active" BOOLEAN NOT NULL DEFAULT true,
          "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP);
        INSERT INTO "${s}"."resources" ("id", "name", "type") VALUES (gen_random_uuid(), '${s} chair', 'EQUIPMENT');`).join('\n');
      await pool.query(`BEGIN; ${ddl} COMMIT;`);
      await pool.query(
        `WITH t AS (
           INSERT INTO public.tenants (id, name, schema_name) SELECT gen_random_uuid(), s, s FROM unnest($1::text[]) AS s
           RETURNING id, schema_name)
         INSERT INTO public.domains (id, domain, tenant_id, is_primary, verification_status)
         SELECT gen_random_uuid(), d.domain, t.id, true, 'VERIFIED'
         FROM t JOIN unnest($1::text[], $2::text[]) AS d(schema_name, domain) ON d.schema_name = t.schema_name`,
        [batch.map((t) => t.schemaName), batch.map((t) => t.domain)],
      );
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  await pool.end();
  return tenants;
}

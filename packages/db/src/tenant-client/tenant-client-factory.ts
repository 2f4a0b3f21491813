/**
 * Tenant-bound Prisma clients, all served by ONE PrismaClient over the ONE shared pg.Pool.
 *
 * Why this design (figures from `pnpm bench:tenancy` and ENVIRONMENT.md, Prisma 7.10, 2 cores):
 * - a PrismaClient per tenant costs ≈ 156 KB each for ever (≈ 1.5 GB at 10,000 tenants), and one pg pool per
 *   tenant runs PostgreSQL out of connections at ≈ 100 tenants;
 * - a PrismaClient per request keeps memory flat but loses two thirds of the throughput;
 * - an LRU of clients degrades to the per-request cost when access is spread over many tenants;
 * - `SET LOCAL search_path` in a transaction per request is correct but ≈ 2.5× slower.
 * So the tenant client is compiled once for a placeholder schema, and its driver adapter swaps the placeholder
 * for the current tenant's schema in each statement (tenant-schema-adapter.ts). The current tenant travels in
 * AsyncLocalStorage; a bound client (`forSchema`) is a thin `$extends` layer that enters its tenant around each
 * operation, and Prisma's request batcher is made tenant-aware (tenant-aware-batching.ts).
 *
 * Trade-offs: memory and connections are constant in the number of tenants; each statement pays a string
 * replacement; hand-written raw SQL gets its schema through `SET LOCAL search_path` (three extra round trips
 * outside a transaction); the batcher patch touches Prisma internals, so the Prisma version is pinned and the
 * cross-tenant concurrency test guards every upgrade.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaClient } from '../generated/tenant/client.ts';
import { BoundedCache } from './bounded-cache.ts';
import { makeBatchingTenantAware } from './tenant-aware-batching.ts';
import { TENANT_SCHEMA_PLACEHOLDER, TenantSchemaAdapterFactory } from './tenant-schema-adapter.ts';
import { createInternalBinding, createTenantBinding, tenantContext, type TenantBinding } from './tenant-context.ts';

function bindClient(base: PrismaClient, binding: TenantBinding) {
  return base.$extends({
    name: 'tenant-binding',
    query: {
      $allOperations({ args, query }) {
        // Prisma promises are lazy: the request starts when then() is called, so call it inside the context.
        return tenantContext.run(binding, () => query(args).then((result) => result));
      },
    },
  });
}

/** A Prisma client whose every operation runs against one tenant's schema. */
export type TenantClient = ReturnType<typeof bindClient>;

export interface TenantClientFactoryOptions {
  pool: pg.Pool;
  /** How many bound clients to keep for reuse (each is a few KB); older ones are rebuilt on demand. */
  boundClientCacheSize?: number;
}

export interface TenantClientFactory {
  /** The client bound to a tenant schema. The name is validated; a hostile name throws. */
  forSchema(schemaName: string): TenantClient;
  /** Runs work outside a request (jobs, scripts) against one tenant's schema. */
  withTenant<T>(tenant: { schemaName: string }, fn: (db: TenantClient) => Promise<T>): Promise<T>;
  /** Same as withTenant, for spare schemas, which are not tenant names (used by the migrator's checks). */
  withInternalSchema<T>(schemaName: string, fn: (db: TenantClient) => Promise<T>): Promise<T>;
  /** Starts Prisma's query compiler now rather than on the first request (150–330 ms). */
  warmUp(): Promise<void>;
  disconnect(): Promise<void>;
}

export function createTenantClientFactory(options: TenantClientFactoryOptions): TenantClientFactory {
  const adapter = new TenantSchemaAdapterFactory(new PrismaPg(options.pool, { schema: TENANT_SCHEMA_PLACEHOLDER }));
  const base = new PrismaClient({ adapter });
  makeBatchingTenantAware(base);
  const bound = new BoundedCache<string, { binding: TenantBinding; db: TenantClient }>(
    options.boundClientCacheSize ?? 1000,
  );
  const bind = (schemaName: string) =>
    bound.getOrCreate(schemaName, (name) => {
      const binding = createTenantBinding(name);
      return { binding, db: bindClient(base, binding) };
    });

  return {
    forSchema: (schemaName) => bind(schemaName).db,
    withTenant(tenant, fn) {
      const { binding, db } = bind(tenant.schemaName);
      return tenantContext.run(binding, () => fn(db));
    },
    withInternalSchema(schemaName, fn) {
      const binding = createInternalBinding(schemaName);
      return tenantContext.run(binding, () => fn(bindClient(base, binding)));
    },
    async warmUp() {
      // Compiling any query starts the compiler; no tenant schema is touched because nothing is sent.
      await base.$connect();
    },
    async disconnect() {
      bound.clear();
      await base.$disconnect();
    },
  };
}

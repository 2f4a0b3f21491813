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
 * AsyncLocalStorage: a request (or a job) runs inside its tenant's context and uses the one `client`, which
 * costs nothing per tenant. Prisma's request batcher is made tenant-aware (tenant-aware-batching.ts).
 * `forSchema` also offers a client object bound to one schema whatever the context (a `$extends` layer), but at
 * ≈ 55 µs and ≈ 10 KB each it is cached in a small LRU and kept off the request path.
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

/** A Prisma client for the tenant tables. */
export type TenantClient = PrismaClient;

function bindClient(base: PrismaClient, binding: TenantBinding): TenantClient {
  const bound = base.$extends({
    name: 'tenant-binding',
    query: {
      $allOperations({ args, query }) {
        // Prisma promises are lazy: the request starts when then() is called, so call it inside the context.
        return tenantContext.run(binding, () => query(args).then((result) => result));
      },
    },
  });
  // A query extension changes no types: the bound client has exactly the base client's API.
  return bound as unknown as TenantClient;
}



export interface TenantClientFactoryOptions {
  pool: pg.Pool;
  /** How many forSchema clients to keep for reuse (≈ 10 KB each); older ones are rebuilt on demand. */
  boundClientCacheSize?: number;
  /**
   * Interactive transaction limits: how long to wait for a connection, and how long a transaction may run.
   * Prisma's defaults (2 s, 5 s) are tight for a busy pool shared by many tenants.
   */
  transactionOptions?: { maxWait?: number; timeout?: number };
}

export interface TenantClientFactory {
  /**
   * The client for the current tenant context: every operation runs against the schema of the innermost
   * runInTenant / withTenant around it, and throws MissingTenantContextError outside one. Costs nothing per
   * tenant or per request; this is what request.db is.
   */
  readonly client: TenantClient;
  /**
   * Runs fn with `client` bound to a tenant schema and awaits its result inside that context (Prisma promises
   * are lazy: one returned unawaited would otherwise run outside it). A hostile schema name throws.
   */
  runInTenant<T>(schemaName: string, fn: () => T | PromiseLike<T>): Promise<T>;
  /**
   * Calls fn synchronously inside the tenant context, so that everything it starts (for a Fastify hook's done
   * callback: the rest of the request) inherits the context.
   */
  enterTenantScope(schemaName: string, fn: () => void): void;
  /** Runs work outside a request (jobs, scripts) against one tenant's schema. */
  withTenant<T>(tenant: { schemaName: string }, fn: (db: TenantClient) => Promise<T>): Promise<T>;
  /**
   * A client object bound to one schema whatever the context (≈ 55 µs and ≈ 10 KB to build, so the most
   * recent ones are cached). For code that must hand a client around outside any tenant context.
   */
  forSchema(schemaName: string): TenantClient;
  /** Same as withTenant, for spare schemas, which are not tenant names. */
  withInternalSchema<T>(schemaName: string, fn: (db: TenantClient) => Promise<T>): Promise<T>;
  /** Starts Prisma's query compiler now rather than on the first request (150–330 ms). */
  warmUp(): Promise<void>;
  disconnect(): Promise<void>;
}

export function createTenantClientFactory(options: TenantClientFactoryOptions): TenantClientFactory {
  const adapter = new TenantSchemaAdapterFactory(new PrismaPg(options.pool, { schema: TENANT_SCHEMA_PLACEHOLDER }));
  const base = new PrismaClient({
    adapter,
    transactionOptions: { maxWait: 10_000, timeout: 15_000, ...options.transactionOptions },
  });
  makeBatchingTenantAware(base);
  const bound = new BoundedCache<string, TenantClient>(options.boundClientCacheSize ?? 500);
  const runInTenant = <T>(schemaName: string, fn: () => T | PromiseLike<T>): Promise<T> => {
    const binding = createTenantBinding(schemaName);
    return tenantContext.run(binding, async () => await fn());
  };

  return {
    client: base,
    runInTenant,
    enterTenantScope: (schemaName, fn) => tenantContext.run(createTenantBinding(schemaName), fn),
    withTenant: (tenant, fn) => runInTenant(tenant.schemaName, () => fn(base)),
    forSchema: (schemaName) => bound.getOrCreate(schemaName, (name) => bindClient(base, createTenantBinding(name))),
    withInternalSchema: (schemaName, fn) => tenantContext.run(createInternalBinding(schemaName), async () => await fn(base)),
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

import { tenantContext, type TenantBinding } from './tenant-context.ts';

/**
 * Prisma merges some requests made in the same tick (findUnique calls with the same shape, the statements of
 * an array $transaction, batched reads inside an interactive transaction) and sends each group from one
 * process.nextTick callback. That callback runs in the async context of whichever request scheduled it, so with
 * one client shared by all tenants, tenant B's findUnique could be merged into tenant A's query and answered
 * from A's schema.
 *
 * This makes the batcher tenant-aware: each request remembers the tenant it was made in, batches are keyed by
 * tenant, and every batch is sent from inside its own tenant's context. It reaches into Prisma's request
 * handler, which is not public API: the Prisma version is pinned, this function fails loudly at start-up if the
 * shape it expects is missing, and the cross-tenant concurrency test exercises every path it changes.
 */

interface PrismaRequest {
  [requestTenant]?: TenantBinding | undefined;
}

interface BatchLoaderOptions {
  batchBy(request: PrismaRequest): string | undefined;
  singleLoader(request: PrismaRequest): Promise<unknown>;
  batchLoader(requests: PrismaRequest[]): Promise<unknown>;
  batchOrder(a: PrismaRequest, b: PrismaRequest): number;
}

const requestTenant = Symbol('smoothschedule.requestTenant');
const patched = Symbol('smoothschedule.tenantAwareBatching');

export class UnsupportedPrismaInternalsError extends Error {
  constructor(detail: string) {
    super(`The pinned Prisma client's request batcher is not where it was expected (${detail}). ` +
      'Check the Prisma version against packages/db/src/tenant-client/tenant-aware-batching.ts.');
    this.name = 'UnsupportedPrismaInternalsError';
  }
}

function inTenant<T>(binding: TenantBinding | undefined, fn: () => T): T {
  return binding ? tenantContext.run(binding, fn) : tenantContext.exit(fn);
}

export function makeBatchingTenantAware(client: object): void {
  const loader = (client as { _requestHandler?: { dataloader?: { options?: BatchLoaderOptions } } })
    ._requestHandler?.dataloader;
  const options = loader?.options;
  if (!loader || !options) throw new UnsupportedPrismaInternalsError('no _requestHandler.dataloader.options');
  for (const name of ['batchBy', 'singleLoader', 'batchLoader', 'batchOrder'] as const) {
    if (typeof options[name] !== 'function') throw new UnsupportedPrismaInternalsError(`no options.${name}`);
  }
  if ((options as unknown as Record<symbol, boolean>)[patched]) return;

  const { batchBy, singleLoader, batchLoader } = options;
  loader.options = {
    ...options,
    [patched]: true,
    batchBy(request) {
      const binding = tenantContext.getStore();
      request[requestTenant] = binding;
      const key = batchBy(request);
      return key === undefined || !binding ? key : `${binding.schemaName}\u0000${key}`;
    },
    singleLoader(request) {
      return inTenant(request[requestTenant], () => singleLoader(request));
    },
    batchLoader(requests) {
      const binding = requests[0]?.[requestTenant];
      if (requests.some((request) => request[requestTenant]?.schemaName !== binding?.schemaName)) {
        return Promise.reject(new Error('A Prisma batch mixed tenants; refusing to send it'));
      }
      return inTenant(binding, () => batchLoader(requests));
    },
  } as BatchLoaderOptions;
}

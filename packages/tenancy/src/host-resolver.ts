import { HostCache } from './host-cache.ts';
import type { TenantContext } from './tenant-context.ts';
import type { TenantLookup } from './tenant-lookup.ts';

export interface HostResolverOptions {
  lookUpTenant: TenantLookup;
  cache: HostCache;
  /** Whether invalidation notices are being received; when not, the cache is neither read nor filled. */
  isCacheTrusted(): boolean;
}

/** Host → tenant, through the cache only while changes are being heard about. */
export function createHostResolver(options: HostResolverOptions) {
  const { cache, lookUpTenant, isCacheTrusted } = options;
  return async function resolveHost(host: string): Promise<TenantContext | null> {
    const trusted = isCacheTrusted();
    if (trusted) {
      const cached = cache.get(host);
      if (cached !== undefined) return cached;
    }
    const generation = cache.generation;
    const tenant = await lookUpTenant(host);
    if (trusted && isCacheTrusted()) cache.set(host, tenant, generation);
    return tenant;
  };
}

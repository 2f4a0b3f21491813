import { describe, expect, it } from 'vitest';
import { HostCache } from '../src/host-cache.ts';
import type { TenantContext } from '../src/tenant-context.ts';

const tenant = (schemaName: string): TenantContext => ({
  id: `id-${schemaName}`,
  name: schemaName,
  schemaName,
  subscriptionTier: 'FREE',
  status: 'ACTIVE',
  isDemo: false,
  timezone: 'UTC',
});

function cacheWithClock(options: { capacity?: number; ttlMs?: number; negativeTtlMs?: number } = {}) {
  let now = 0;
  const cache = new HostCache({ capacity: 3, ttlMs: 1_000, negativeTtlMs: 100, ...options, now: () => now });
  return { cache, advance: (ms: number) => (now += ms) };
}

describe('HostCache', () => {
  it.each([
    { kind: 'a tenant', value: tenant('tn_a'), ttl: 1_000 },
    { kind: 'an unknown host', value: null, ttl: 100 },
  ])('keeps $kind for its TTL ($ttl ms) only', ({ value, ttl }) => {
    const { cache, advance } = cacheWithClock();
    cache.set('a.test', value, cache.generation);
    advance(ttl - 1);
    expect(cache.get('a.test')).toEqual(value);
    advance(1);
    expect(cache.get('a.test')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used host beyond its capacity', () => {
    const { cache } = cacheWithClock();
    for (const host of ['a', 'b', 'c']) cache.set(host, tenant(host), cache.generation);
    cache.get('a');
    cache.set('d', tenant('d'), cache.generation);
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toEqual(tenant('a'));
  });

  it('drops an answer read before a clear(), which may be stale', () => {
    const { cache } = cacheWithClock();
    const before = cache.generation;
    cache.clear();
    cache.set('a', tenant('a'), before);
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', tenant('a'), cache.generation);
    expect(cache.get('a')).toEqual(tenant('a'));
  });

  it('caches nothing when the TTL is 0', () => {
    const { cache } = cacheWithClock({ ttlMs: 0, negativeTtlMs: 0 });
    cache.set('a', tenant('a'), cache.generation);
    cache.set('b', null, cache.generation);
    expect(cache.size).toBe(0);
  });
});

/** The resolver's cache policy, with a counting in-memory lookup (an implementation, not a mock of Prisma). */
import { describe, expect, it } from 'vitest';
import { HostCache } from '../src/host-cache.ts';
import { createHostResolver } from '../src/host-resolver.ts';
import type { TenantContext } from '../src/tenant-context.ts';

const ALPHA: TenantContext = {
  id: 'a',
  name: 'Alpha',
  schemaName: 'tn_alpha',
  subscriptionTier: 'FREE',
  status: 'ACTIVE',
  isDemo: false,
  timezone: 'UTC',
};

function setUp(trusted: { value: boolean }) {
  const hosts = new Map([['alpha.test', ALPHA]]);
  const cache = new HostCache({ capacity: 10, ttlMs: 60_000, negativeTtlMs: 60_000 });
  const lookups: string[] = [];
  let beforeAnswer: () => void = () => undefined;
  const resolve = createHostResolver({
    cache,
    isCacheTrusted: () => trusted.value,
    async lookUpTenant(host) {
      lookups.push(host);
      beforeAnswer();
      return hosts.get(host) ?? null;
    },
  });
  return { resolve, cache, lookups, onLookup: (hook: () => void) => (beforeAnswer = hook) };
}

describe('host resolver', () => {
  it('serves repeated hosts, known and unknown, from the cache while notices are heard', async () => {
    const { resolve, lookups } = setUp({ value: true });
    for (let i = 0; i < 3; i++) {
      expect(await resolve('alpha.test')).toEqual(ALPHA);
      expect(await resolve('nobody.test')).toBeNull();
    }
    expect(lookups).toEqual(['alpha.test', 'nobody.test']);
  });

  it('neither reads nor fills the cache while the listener is down (fail safe)', async () => {
    const trusted = { value: true };
    const { resolve, cache, lookups } = setUp(trusted);
    await resolve('alpha.test');
    trusted.value = false;
    await resolve('alpha.test');
    await resolve('beta.test');
    expect(lookups).toEqual(['alpha.test', 'alpha.test', 'beta.test']);
    expect(cache.get('beta.test')).toBeUndefined();
  });

  it('does not cache an answer when an invalidation arrived during the lookup', async () => {
    const { resolve, cache, onLookup } = setUp({ value: true });
    onLookup(() => cache.clear());
    await resolve('alpha.test');
    expect(cache.size).toBe(0);
  });

  it('does not cache an answer when the listener dropped during the lookup', async () => {
    const trusted = { value: true };
    const { resolve, cache, onLookup } = setUp(trusted);
    onLookup(() => (trusted.value = false));
    await resolve('alpha.test');
    expect(cache.size).toBe(0);
  });
});

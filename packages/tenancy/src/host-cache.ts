import type { TenantContext } from './tenant-context.ts';

interface Entry {
  tenant: TenantContext | null;
  expiresAt: number;
}

export interface HostCacheOptions {
  capacity: number;
  ttlMs: number;
  /** Unknown hosts are remembered for less time, so a newly added domain is found soon even without a notice. */
  negativeTtlMs: number;
  now?: () => number;
}

/**
 * Host → tenant (or null for "no tenant here"), least recently used first out, each entry with an expiry.
 *
 * `generation` closes the race between a lookup and an invalidation: a lookup that started before `clear()` may
 * have read the old rows, so its answer is dropped instead of cached (see `set`).
 */
export class HostCache {
  private readonly entries = new Map<string, Entry>();
  private currentGeneration = 0;
  private readonly now: () => number;

  constructor(private readonly options: HostCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get generation(): number {
    return this.currentGeneration;
  }

  /** The cached answer: a tenant, null for a known-unknown host, or undefined when not cached. */
  get(host: string): TenantContext | null | undefined {
    const entry = this.entries.get(host);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(host);
      return undefined;
    }
    // Map keeps insertion order: re-inserting marks the entry as most recently used.
    this.entries.delete(host);
    this.entries.set(host, entry);
    return entry.tenant;
  }

  /** Stores an answer read while `generation` was current; ignored if the cache was cleared since. */
  set(host: string, tenant: TenantContext | null, generation: number): void {
    if (generation !== this.currentGeneration) return;
    const ttl = tenant === null ? this.options.negativeTtlMs : this.options.ttlMs;
    if (ttl <= 0) return;
    this.entries.delete(host);
    this.entries.set(host, { tenant, expiresAt: this.now() + ttl });
    if (this.entries.size > this.options.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  clear(): void {
    this.currentGeneration++;
    this.entries.clear();
  }
}

/**
 * Fixed-window counters of attempts, in memory (one process) or in Redis (every API instance shares them).
 * A small counter of our own rather than @fastify/rate-limit: login needs two limits on one route (per IP and per
 * account, the account known only after the body is parsed), and only failures should use them up.
 */
import { Redis } from 'ioredis';

export interface AttemptCount {
  /** Attempts counted in the current window, this one included. */
  count: number;
  /** Milliseconds until the window ends. */
  resetInMs: number;
}

export interface AttemptCounter {
  hit(key: string, windowMs: number): Promise<AttemptCount>;
  /** Takes one attempt back (it succeeded). */
  undo(key: string): Promise<void>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

/** Entries beyond this are swept (expired first); an attacker cycling through keys cannot grow memory forever. */
const MEMORY_CAPACITY = 100_000;

export function createMemoryAttemptCounter(now: () => number = Date.now): AttemptCounter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const sweep = () => {
    const time = now();
    for (const [key, entry] of windows) if (entry.resetAt <= time) windows.delete(key);
    // Still full of live windows: drop the oldest inserted.
    for (const key of windows.keys()) {
      if (windows.size < MEMORY_CAPACITY) break;
      windows.delete(key);
    }
  };
  return {
    async hit(key, windowMs) {
      const time = now();
      let entry = windows.get(key);
      if (entry === undefined || entry.resetAt <= time) {
        if (windows.size >= MEMORY_CAPACITY) sweep();
        entry = { count: 0, resetAt: time + windowMs };
        windows.set(key, entry);
      }
      entry.count += 1;
      return { count: entry.count, resetInMs: entry.resetAt - time };
    },
    async undo(key) {
      const entry = windows.get(key);
      if (entry !== undefined && entry.count > 0) entry.count -= 1;
    },
    async reset(key) {
      windows.delete(key);
    },
    async close() {
      windows.clear();
    },
  };
}

// INCR and the expiry in one step, so a crash between them cannot leave a counter that never expires.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`;
const UNDO_SCRIPT = `
if (tonumber(redis.call('GET', KEYS[1]) or '0') > 0) then redis.call('DECR', KEYS[1]) end
return 0
`;

export interface RedisAttemptCounterOptions {
  url: string;
  keyPrefix: string;
  /** Redis failures land here; the counter then falls back to memory rather than refusing every login. */
  onError: (error: unknown) => void;
}

export function createRedisAttemptCounter({ url, keyPrefix, onError }: RedisAttemptCounterOptions): AttemptCounter {
  const redis = new Redis(url, {
    keyPrefix,
    maxRetriesPerRequest: 1,
    commandTimeout: 1_000,
    lazyConnect: true,
  });
  // Connection errors are reported by the commands that fail; without a listener ioredis prints them itself.
  redis.on('error', () => undefined);
  const fallback = createMemoryAttemptCounter();
  const guarded = async <T>(command: () => Promise<T>, otherwise: () => Promise<T>): Promise<T> => {
    try {
      return await command();
    } catch (error) {
      onError(error);
      return otherwise();
    }
  };
  return {
    hit: (key, windowMs) =>
      guarded(
        async () => {
          const [count, ttl] = (await redis.eval(HIT_SCRIPT, 1, key, String(windowMs))) as [number, number];
          return { count, resetInMs: ttl };
        },
        () => fallback.hit(key, windowMs),
      ),
    undo: (key) =>
      guarded(
        async () => {
          await redis.eval(UNDO_SCRIPT, 1, key);
        },
        () => fallback.undo(key),
      ),
    reset: (key) =>
      guarded(
        async () => {
          await redis.del(key);
        },
        () => fallback.reset(key),
      ),
    async close() {
      await fallback.close();
      redis.disconnect();
    },
  };
}

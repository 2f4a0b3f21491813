import { describe, expect, it } from 'vitest';
import { createMemoryAttemptCounter, createRedisAttemptCounter } from '../src/attempt-counter.ts';
import { createLoginRateLimiter } from '../src/login-rate-limiter.ts';

describe('memory attempt counter', () => {
  it('counts within a window and starts again after it', async () => {
    let now = 1_000_000;
    const counter = createMemoryAttemptCounter(() => now);
    expect(await counter.hit('k', 10_000)).toEqual({ count: 1, resetInMs: 10_000 });
    now += 4_000;
    expect(await counter.hit('k', 10_000)).toEqual({ count: 2, resetInMs: 6_000 });
    await counter.undo('k');
    expect((await counter.hit('k', 10_000)).count).toBe(2);
    now += 6_000;
    expect(await counter.hit('k', 10_000)).toEqual({ count: 1, resetInMs: 10_000 });
    await counter.reset('k');
    expect((await counter.hit('k', 10_000)).count).toBe(1);
  });
});

describe('login rate limiter', () => {
  it('refuses past the per-account limit with the seconds left, and per IP likewise', async () => {
    const limiter = createLoginRateLimiter(createMemoryAttemptCounter(), { perIp: 4, perAccount: 2, windowSeconds: 60 });
    expect(await limiter.attempt('t1', '1.1.1.1', 'a@x')).toEqual({ allowed: true });
    expect(await limiter.attempt('t1', '1.1.1.2', 'a@x')).toEqual({ allowed: true });
    expect(await limiter.attempt('t1', '1.1.1.3', 'a@x')).toEqual({ allowed: false, limitedBy: 'account', retryAfterSeconds: 60 });
    // The same email in another tenant is another account.
    expect(await limiter.attempt('t2', '1.1.1.3', 'a@x')).toEqual({ allowed: true });
    for (const email of ['b@x', 'c@x']) expect((await limiter.attempt('t1', '9.9.9.9', email)).allowed).toBe(true);
    for (const email of ['d@x', 'e@x']) expect((await limiter.attempt('t1', '9.9.9.9', email)).allowed).toBe(true);
    expect(await limiter.attempt('t1', '9.9.9.9', 'f@x')).toMatchObject({ allowed: false, limitedBy: 'ip' });
  });
});

describe('Redis attempt counter', () => {
  it('falls back to memory, and reports it, when Redis cannot be reached', async () => {
    const errors: unknown[] = [];
    const counter = createRedisAttemptCounter({
      url: 'redis://127.0.0.1:1',
      keyPrefix: 'unreachable:',
      onError: (error) => errors.push(error),
    });
    try {
      expect((await counter.hit('k', 60_000)).count).toBe(1);
      expect((await counter.hit('k', 60_000)).count).toBe(2);
      expect(errors.length).toBeGreaterThanOrEqual(2);
    } finally {
      await counter.close();
    }
  });
});

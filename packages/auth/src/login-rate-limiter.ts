/**
 * Failed logins allowed per window, per client IP and per account (normalised email). Every attempt is counted
 * first (so concurrent attempts cannot slip past the limit); a successful one is taken back from the IP and
 * clears the account's count.
 */
import type { AttemptCounter } from './attempt-counter.ts';

export interface LoginRateLimits {
  perIp: number;
  perAccount: number;
  windowSeconds: number;
}

export type LoginAttempt = { allowed: true } | { allowed: false; retryAfterSeconds: number; limitedBy: 'ip' | 'account' };

export interface LoginRateLimiter {
  attempt(scope: string, ip: string, email: string): Promise<LoginAttempt>;
  succeeded(scope: string, ip: string, email: string): Promise<void>;
}

export function createLoginRateLimiter(counter: AttemptCounter, limits: LoginRateLimits): LoginRateLimiter {
  const windowMs = limits.windowSeconds * 1000;
  const ipKey = (ip: string) => `login:ip:${ip}`;
  // The scope (tenant id or "platform") keeps the same email of two tenants apart.
  const accountKey = (scope: string, email: string) => `login:account:${scope}:${email}`;
  return {
    async attempt(scope, ip, email) {
      const [byIp, byAccount] = await Promise.all([
        counter.hit(ipKey(ip), windowMs),
        counter.hit(accountKey(scope, email), windowMs),
      ]);
      if (byIp.count > limits.perIp) {
        return { allowed: false, limitedBy: 'ip', retryAfterSeconds: Math.max(1, Math.ceil(byIp.resetInMs / 1000)) };
      }
      if (byAccount.count > limits.perAccount) {
        return {
          allowed: false,
          limitedBy: 'account',
          retryAfterSeconds: Math.max(1, Math.ceil(byAccount.resetInMs / 1000)),
        };
      }
      return { allowed: true };
    },
    async succeeded(scope, ip, email) {
      await Promise.all([counter.undo(ipKey(ip)), counter.reset(accountKey(scope, email))]);
    },
  };
}

/**
 * Passwords: login, self-registration of customers, changing one's own password. Unknown email, wrong password
 * and inactive account give the same answer after the same work (an argon2 verification against a dummy hash
 * when there is no account), so neither the body nor the timing tells which it was.
 */
import type { FastifyRequest } from 'fastify';
import type { AccountRepository, Account } from './account-repository.ts';
import {
  CurrentPasswordIncorrectError,
  EmailTakenError,
  InvalidCredentialsError,
  InvalidTokenError,
  RateLimitedError,
} from './auth-errors.ts';
import type { LoginRateLimiter } from './login-rate-limiter.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password-hashing.ts';
import type { Principal } from './principal.ts';
import type { SecurityLog } from './security-log.ts';
import type { IssuedTokens, SessionService } from './session-service.ts';

export interface CredentialServiceOptions {
  accounts: AccountRepository;
  sessions: SessionService;
  limiter: LoginRateLimiter;
  securityLog: SecurityLog;
  now?: () => Date;
}

export interface NewRegistration {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

/** The 429, carrying the seconds for the Retry-After header. */
function rateLimited(retryAfterSeconds: number) {
  return Object.assign(new RateLimitedError(retryAfterSeconds), { retryAfterSeconds });
}

export type CredentialService = ReturnType<typeof createCredentialService>;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

export function createCredentialService({ accounts, sessions, limiter, securityLog, now = () => new Date() }: CredentialServiceOptions) {
  return {
    async login(
      input: { email: string; password: string },
      request: FastifyRequest,
    ): Promise<IssuedTokens & { user: Account }> {
      const email = normalizeEmail(input.email);
      const tenantId = request.tenant?.id ?? null;
      const scope = tenantId ?? 'platform';
      const attempt = await limiter.attempt(scope, request.ip, email);
      if (!attempt.allowed) {
        securityLog.record('login.rate_limited', request, { email, reason: `limit per ${attempt.limitedBy} reached` });
        throw rateLimited(attempt.retryAfterSeconds);
      }
      const account = await accounts.findForLogin(email, tenantId);
      const passwordMatches = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), input.password);
      if (account === null || !passwordMatches || !account.isActive) {
        const reason = account === null ? 'unknown email' : !passwordMatches ? 'wrong password' : 'inactive user';
        securityLog.record('login.failure', request, { userId: account?.id ?? null, email, reason });
        throw new InvalidCredentialsError();
      }
      await limiter.succeeded(scope, request.ip, email);
      const user = await accounts.recordLogin(account.id, now());
      const tokens = await sessions.start(user, request);
      securityLog.record('login.success', request, { userId: user.id, email, familyId: tokens.familyId });
      return { ...tokens, user };
    },

    /** The principal's own account (me); gone since the token was checked means the token is no longer good. */
    async account(userId: string): Promise<Account> {
      const account = await accounts.findById(userId);
      if (account === null) throw new InvalidTokenError();
      return account;
    },

    async register(input: NewRegistration, tenantId: string, request: FastifyRequest): Promise<IssuedTokens & { user: Account }> {
      const email = normalizeEmail(input.email);
      const passwordHash = await hashPassword(input.password);
      let user: Account;
      try {
        user = await accounts.createCustomer({
          email,
          passwordHash,
          firstName: input.firstName.trim(),
          lastName: input.lastName.trim(),
          tenantId,
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new EmailTakenError();
        throw error;
      }
      securityLog.record('register', request, { userId: user.id, email });
      const tokens = await sessions.start(user, request);
      return { ...tokens, user };
    },

    /** Changes the principal's own password and ends every other session of theirs; this one stays. */
    async changePassword(principal: Principal, currentPassword: string, newPassword: string, request: FastifyRequest) {
      const scope = `password:${principal.userId}`;
      const attempt = await limiter.attempt(scope, request.ip, principal.email);
      if (!attempt.allowed) {
        securityLog.record('password.change_failed', request, { reason: `limit per ${attempt.limitedBy} reached` });
        throw rateLimited(attempt.retryAfterSeconds);
      }
      const account = await accounts.findById(principal.userId);
      if (account === null || !(await verifyPassword(account.passwordHash, currentPassword))) {
        securityLog.record('password.change_failed', request, { reason: 'wrong current password' });
        throw new CurrentPasswordIncorrectError();
      }
      await limiter.succeeded(scope, request.ip, principal.email);
      await accounts.setPasswordHash(account.id, await hashPassword(newPassword));
      const revoked = await sessions.revokeOtherFamilies(account.id, principal.sessionId, 'password changed');
      securityLog.record('password.changed', request, { revokedSessions: revoked });
    },
  };
}

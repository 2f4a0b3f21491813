/**
 * Authentication: `request.principal` from `Authorization: Bearer <access token>`, checked for signature (HS256
 * only), expiry, a live session family, an active user whose role and tenant still match the token, and the host
 * (token-scope.ts). A request without a token goes on with a null principal (routes guard with
 * `requireAuthentication` / `requireRoles`); a request with a bad one is refused with 401 and a security-log line.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyJwt from '@fastify/jwt';
import type { Database } from '@smoothschedule/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { createAccountRepository } from './account-repository.ts';
import { createAuditTrail, type AuditTrail } from './audit/audit-trail.ts';
import { createMemoryAttemptCounter, createRedisAttemptCounter } from './attempt-counter.ts';
import { InvalidTokenError, TokenExpiredError } from './auth-errors.ts';
import { createCredentialService, type CredentialService } from './credential-service.ts';
import { createGrantRepository } from './grants/grant-repository.ts';
import { createGrantService, type GrantService } from './grants/grant-service.ts';
import { createLoginRateLimiter } from './login-rate-limiter.ts';
import type { Principal } from './principal.ts';
import { createSecurityLog, type SecurityLog } from './security-log.ts';
import { createSessionRepository } from './session-repository.ts';
import { createSessionService, type SessionService } from './session-service.ts';
import { hostScopeProblem } from './token-scope.ts';
import { createTokenService, JWT_ALGORITHM, type MasqueradeClaims, type TokenService } from './token-service.ts';

export const REFRESH_COOKIE_NAME = 'ss_refresh';
export const REFRESH_COOKIE_PATH = '/api/auth';

const optionsSchema = z.object({
  jwtSecret: z.string().min(32, 'jwtSecret must be at least 32 characters'),
  accessTokenTtlSeconds: z.number().int().min(1).max(86_400).default(900),
  refreshTokenTtlDays: z.number().int().min(1).max(365).default(30),
  logDir: z.string().min(1),
  loginRateLimit: z
    .object({
      perIp: z.number().int().min(1),
      perAccount: z.number().int().min(1),
      windowSeconds: z.number().int().min(1),
    })
    .default({ perIp: 20, perAccount: 5, windowSeconds: 900 }),
  /** The longest a permission grant may last (PERMISSION_GRANT_MAX_MINUTES). */
  permissionGrantMaxMinutes: z.number().int().min(1).max(10_080).default(30),
  /** Set: rate-limit counters live in Redis (shared by every instance). */
  redis: z.object({ url: z.string().min(1), keyPrefix: z.string().min(1) }).optional(),
});

export type AuthenticationPluginOptions = z.input<typeof optionsSchema> & {
  database: Database;
  /** Where every time-dependent rule (masquerade expiry, grant expiry) reads the time; tests move it. */
  clock?: () => Date;
};

/**
 * Checks the masquerade a token names (registered by the masquerade plugin): resolves with when it ends, or
 * throws (and audits) when it has ended or expired.
 */
export type MasqueradeVerifier = (
  masquerade: { id: string; hijackerId: string; targetId: string },
  request: FastifyRequest,
) => Promise<{ expiresAt: Date }>;

export interface AuthenticationControl {
  tokens: TokenService;
  sessions: SessionService;
  credentials: CredentialService;
  securityLog: SecurityLog;
  audit: AuditTrail;
  /** Permission grants: the routes' service and requireAction's lookup. */
  grants: GrantService;
  clock: () => Date;
  /** Lets masquerade tokens in; without a verifier every token with an `act` claim is refused. */
  setMasqueradeVerifier(verifier: MasqueradeVerifier): void;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request acts as; null without an access token (a bad token never gets this far: 401). */
    principal: Principal | null;
    /** The grant a requireAction guard let this request through with; null when the role sufficed or no guard ran. */
    permissionGrantId: string | null;
  }
  interface FastifyInstance {
    authentication: AuthenticationControl;
  }
}

async function authenticationPlugin(app: FastifyInstance, rawOptions: AuthenticationPluginOptions): Promise<void> {
  const { database, clock = () => new Date(), ...rest } = rawOptions;
  const parsed = optionsSchema.safeParse(rest);
  if (!parsed.success) {
    throw new Error(`@smoothschedule/auth: invalid options: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  }
  const options = parsed.data;

  if (!app.hasPlugin('@fastify/cookie')) await app.register(fastifyCookie);
  await app.register(fastifyJwt, {
    secret: options.jwtSecret,
    sign: { algorithm: JWT_ALGORITHM, expiresIn: options.accessTokenTtlSeconds },
    verify: { algorithms: [JWT_ALGORITHM] },
  });

  const securityLog = createSecurityLog({
    logDir: options.logDir,
    onError: (error) => app.log.error({ err: error }, 'security log write failed'),
  });
  const counter = options.redis
    ? createRedisAttemptCounter({
        ...options.redis,
        onError: (error) => app.log.warn({ err: error }, 'Redis unavailable: counting login attempts in memory'),
      })
    : createMemoryAttemptCounter();
  const tokens = createTokenService(app.jwt, options.accessTokenTtlSeconds);
  const sessionRepository = createSessionRepository(database.shared);
  const sessions = createSessionService({
    sessions: sessionRepository,
    tokens,
    securityLog,
    refreshTokenTtlDays: options.refreshTokenTtlDays,
  });
  const credentials = createCredentialService({
    accounts: createAccountRepository(database.shared),
    sessions,
    limiter: createLoginRateLimiter(counter, options.loginRateLimit),
    securityLog,
  });

  const accounts = createAccountRepository(database.shared);
  let masqueradeVerifier: MasqueradeVerifier | null = null;

  const audit = createAuditTrail(database.pool);
  const grants = createGrantService({
    repository: createGrantRepository(database.shared),
    audit,
    clock,
    maxMinutes: options.permissionGrantMaxMinutes,
  });

  app.decorateRequest('principal', null);
  app.decorateRequest('permissionGrantId', null);
  app.decorate('authentication', {
    tokens,
    sessions,
    credentials,
    securityLog,
    audit,
    grants,
    clock,
    setMasqueradeVerifier(verifier) {
      masqueradeVerifier = verifier;
    },
  } satisfies AuthenticationControl);

  const refuse = (request: FastifyRequest, reason: string, userId: string | null, expired = false): never => {
    securityLog.record('token.refused', request, { userId, reason });
    throw expired ? new TokenExpiredError() : new InvalidTokenError();
  };

  /**
   * A masquerade token: `sub` is the target, `act.sub` the hijacker, `sid` the hijacker's login session, `act.msid`
   * the masquerade. Every one of them must still hold: the hijacker's session live and the hijacker active, the
   * masquerade neither stopped nor expired, the target active, unchanged and on its own host.
   */
  const masqueradePrincipal = async (request: FastifyRequest, claims: MasqueradeClaims): Promise<Principal> => {
    const session = await sessionRepository.findLiveInFamily(claims.sid, clock());
    if (session === null || session.userId !== claims.act.sub) {
      return refuse(request, 'masquerade: the hijacker session ended', claims.act.sub);
    }
    if (!session.user.isActive) return refuse(request, 'masquerade: hijacker inactive', claims.act.sub);
    if (masqueradeVerifier === null) return refuse(request, 'masquerade tokens are not accepted here', claims.act.sub);
    const { expiresAt } = await masqueradeVerifier(
      { id: claims.act.msid, hijackerId: claims.act.sub, targetId: claims.sub },
      request,
    );
    const target = await accounts.findById(claims.sub);
    if (target === null || !target.isActive) return refuse(request, 'masquerade: target missing or inactive', claims.sub);
    if (target.role !== claims.role || target.tenantId !== claims.tid) {
      return refuse(request, 'masquerade: target role or tenant changed', claims.sub);
    }
    const scopeProblem = hostScopeProblem(target, request.tenant ?? null);
    if (scopeProblem !== null) return refuse(request, `masquerade: ${scopeProblem}`, claims.sub);
    return {
      userId: target.id,
      email: target.email,
      role: target.role,
      tenantId: target.tenantId,
      isTemporary: target.isTemporary,
      sessionId: claims.sid,
      actor: {
        userId: session.user.id,
        email: session.user.email,
        role: session.user.role,
        masqueradeId: claims.act.msid,
        expiresAt,
      },
    };
  };

  app.addHook('onRequest', async (request) => {
    // Liveness and readiness skip tenancy, so the host a token is bound to is unknown there; they need no user.
    if (request.routeOptions.config.tenancy === 'skip') return;
    const header = request.headers.authorization;
    if (header === undefined) return;
    const match = /^Bearer +([A-Za-z0-9_.~+/=-]+)$/i.exec(header);
    if (match === null) return refuse(request, 'malformed Authorization header', null);
    const verified = tokens.verifyAccessToken(match[1]!);
    if (!verified.ok) return refuse(request, `token ${verified.detail}`, null, verified.reason === 'expired');
    const { claims } = verified;
    if (claims.act !== undefined) {
      request.principal = await masqueradePrincipal(request, { ...claims, act: claims.act });
      return;
    }

    const session = await sessionRepository.findLiveInFamily(claims.sid, clock());
    if (session === null) return refuse(request, 'session revoked, expired or unknown', claims.sub);
    const { user } = session;
    if (session.userId !== claims.sub) return refuse(request, 'session of another user', claims.sub);
    if (!user.isActive) return refuse(request, 'user inactive', user.id);
    if (user.role !== claims.role || user.tenantId !== claims.tid) return refuse(request, 'role or tenant changed', user.id);
    const scopeProblem = hostScopeProblem(user, request.tenant ?? null);
    if (scopeProblem !== null) return refuse(request, scopeProblem, user.id);

    request.principal = {
      userId: user.id,
      email: user.email,
      role: user.role,
      tenantId: user.tenantId,
      isTemporary: user.isTemporary,
      sessionId: claims.sid,
    };
  });

  app.addHook('onClose', async () => {
    await counter.close();
    await securityLog.flush();
  });
}

export const authentication = fp(authenticationPlugin, {
  name: '@smoothschedule/auth',
  fastify: '5.x',
  dependencies: ['@smoothschedule/tenancy'],
});

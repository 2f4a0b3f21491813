import { createHmac } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import { admin } from '@smoothschedule/admin';
import { auditRoutes, authentication, authRoutes, grantsRoutes, usersRoutes } from '@smoothschedule/auth';
import type { Database } from '@smoothschedule/db';
import { createInProcessJobQueue, marketplace, type JobQueue } from '@smoothschedule/marketplace';
import { masquerade } from '@smoothschedule/masquerade';
import { scheduling, staffUserLimitGuard } from '@smoothschedule/scheduling';
import { tenancy } from '@smoothschedule/tenancy';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { pino } from 'pino';
import type { AppConfig } from './config.ts';
import { registerErrorHandling } from './error-handler.ts';
import { registerOpenApi } from './openapi.ts';
import { registerPlatformAndStorage, type PlatformAndStorageOverrides } from './platform-and-storage.ts';
import { requestIdFor } from './request-id.ts';
import { requestLoggingPlugin } from './request-logging.ts';
import { billingRoutes } from './routes/billing-routes.ts';
import { customerExportRoutes } from './routes/customer-export-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';

export interface BuildAppOptions {
  config: AppConfig;
  /** Owned by the caller, who closes it after the app. */
  database: Database;
  logger?: FastifyBaseLogger;
  /** The time every expiry rule reads (masquerades, grants); tests pass a clock they can move. */
  clock?: () => Date;
  /** Storage and DNS drivers to use instead of the configured ones (tests). */
  overrides?: PlatformAndStorageOverrides;
  /** Where plugin jobs run; defaults to an in-process queue (nothing durable). */
  jobQueue?: JobQueue;
}

/** The whole API as one Fastify instance, not listening: server.ts listens, tests inject. */
export async function buildApp({ config, database, logger, clock, overrides, jobQueue }: BuildAppOptions) {
  const app = Fastify({
    loggerInstance: logger ?? pino({ level: config.logLevel }),
    // request-logging.ts writes one completion line with tenant and user instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestIdFor,
    // Proxy addresses whose forwarded headers are believed; none when the list is empty.
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  // First, so that every later context (the docs routes included) has the request decorators.
  await app.register(tenancy, {
    database,
    platformHosts: config.platformHosts,
    cacheTtlMs: config.tenantCacheTtlSeconds * 1000,
  });
  // Signed cookies (the admin's session and CSRF secret) use a key derived from JWT_SECRET: one secret to manage.
  await app.register(fastifyCookie, { secret: createHmac('sha256', config.jwtSecret).update('cookie signing').digest('base64url') });
  await app.register(authentication, {
    database,
    clock,
    jwtSecret: config.jwtSecret,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    refreshTokenTtlDays: config.refreshTokenTtlDays,
    logDir: config.logDir,
    loginRateLimit: config.loginRateLimit,
    permissionGrantMaxMinutes: config.permissionGrantMaxMinutes,
    redis: config.redisUrl === undefined ? undefined : { url: config.redisUrl, keyPrefix: config.redisKeyPrefix },
  });
  if (config.jwtSecretGenerated) {
    app.log.warn('JWT_SECRET is not set: using a random key; access tokens will not survive a restart');
  }
  await app.register(requestLoggingPlugin);
  await registerOpenApi(app);

  await app.register(healthRoutes, { database });
  await app.register(authRoutes, { prefix: '/api/auth' });
  // Staff users count against the subscription tier's limit (scheduling owns the limits).
  await app.register(usersRoutes, { prefix: '/api', database, guardUserWrite: staffUserLimitGuard });
  await app.register(auditRoutes, { prefix: '/api', database });
  await app.register(grantsRoutes, { prefix: '/api' });
  await app.register(billingRoutes, { prefix: '/api', database });
  await app.register(customerExportRoutes, { prefix: '/api' });
  await app.register(masquerade, { database, maxMinutes: config.masqueradeMaxMinutes, logDir: config.logDir });
  await app.register(admin, { prefix: '/admin', database });
  await registerPlatformAndStorage(app, config, database, overrides);
  await app.register(scheduling, { database, prefix: '/api' });
  // After scheduling: the plugin runtime listens to its appointment events and adds availability buffer.
  await app.register(marketplace, { database, prefix: '/api', clock, jobQueue: jobQueue ?? createInProcessJobQueue() });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

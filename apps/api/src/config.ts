/**
 * The API's settings, read from the environment once, at start-up. Everything else receives typed values; a bad
 * value stops the process with a message naming the variable.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** An unset variable and an empty one (`PORT=` in a .env file) both mean "use the default". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema);

const integer = (min: number, max: number) =>
  z.coerce
    .number({ message: `must be a whole number from ${min} to ${max}` })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be a whole number from ${min} to ${max}`)
    .max(max, `must be a whole number from ${min} to ${max}`);

/** A host name or IPv4 address (no colon), or an IPv6 literal (at least two colons): never host:port. */
const BARE_HOST = /^(?:[a-z0-9][a-z0-9.-]*|[0-9a-f]*:[0-9a-f]*:[0-9a-f:.]*)$/;

/** What proxy-addr accepts: an address, a CIDR range, or one of its named ranges. */
const PROXY_ADDRESS = /^(?:loopback|linklocal|uniquelocal|[0-9a-f.:]+(?:\/\d{1,3})?)$/;

const hostList = z
  .string()
  .transform((value) => value.split(',').map((host) => host.trim().toLowerCase()).filter((host) => host.length > 0))
  .pipe(
    z
      .array(z.string().regex(BARE_HOST, 'each host must be a bare host name or IP address, without a port'))
      .min(1, 'must list at least one host'),
  );

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** An AWS region such as eu-west-3, or what an S3-compatible server calls its region (us-east-1, auto…). */
const awsRegion = z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,31}$/, 'must be a region name such as eu-west-3');

const envSchema = z.object({
  DATABASE_URL: optional(
    z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// connection URL')
      .optional(),
  ),
  // At least 2: the tenancy change listener holds one pooled connection.
  DATABASE_POOL_SIZE: optional(integer(2, 1000).default(10)),
  PORT: optional(integer(0, 65535).default(3000)),
  HOST: optional(z.string().trim().min(1).default('0.0.0.0')),
  PLATFORM_HOSTS: optional(hostList.default(['localhost', '127.0.0.1'])),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info')),
  LOG_DIR: optional(z.string().trim().min(1).default('logs')),
  TENANT_CACHE_TTL_SECONDS: optional(integer(0, 86_400).default(60)),
  SPARE_TENANT_SCHEMAS: optional(integer(0, 100).default(2)),
  MIGRATE_CONCURRENCY: optional(integer(1, 64).default(4)),
  // Only 'production' changes anything: there a missing JWT_SECRET stops the start.
  NODE_ENV: optional(z.string().trim().optional()),
  JWT_SECRET: optional(z.string().min(32, 'must be at least 32 characters').optional()),
  ACCESS_TOKEN_TTL_SECONDS: optional(integer(30, 86_400).default(900)),
  REFRESH_TOKEN_TTL_DAYS: optional(integer(1, 365).default(30)),
  REDIS_URL: optional(
    z
      .string()
      .trim()
      .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// connection URL')
      .optional(),
  ),
  REDIS_KEY_PREFIX: optional(z.string().trim().min(1).max(100).default('smoothschedule:')),
  LOGIN_RATE_LIMIT_PER_IP: optional(integer(1, 100_000).default(20)),
  LOGIN_RATE_LIMIT_PER_ACCOUNT: optional(integer(1, 10_000).default(5)),
  LOGIN_RATE_LIMIT_WINDOW_SECONDS: optional(integer(1, 86_400).default(900)),
  MASQUERADE_MAX_MINUTES: optional(integer(1, 480).default(30)),
  PERMISSION_GRANT_MAX_MINUTES: optional(integer(1, 10_080).default(30)),
  TRUST_PROXY: optional(
    z
      .string()
      .transform((value) => value.split(',').map((entry) => entry.trim().toLowerCase()).filter((entry) => entry.length > 0))
      .pipe(
        z.array(
          z
            .string()
            .regex(PROXY_ADDRESS, 'each entry must be an IP address, a CIDR range, loopback, linklocal or uniquelocal'),
        ),
      )
      .default([]),
  ),
  MEDIA_STORAGE_DIR: optional(z.string().trim().min(1).default('.data/media')),
  MEDIA_MAX_UPLOAD_BYTES: optional(integer(1, 100 * 1024 * 1024).default(5 * 1024 * 1024)),
  MEDIA_URL_TTL_SECONDS: optional(integer(1, 3600).default(300)),
  AWS_REGION: optional(awsRegion.optional()),
  S3_BUCKET: optional(
    z.string().trim().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name').optional(),
  ),
  S3_REGION: optional(awsRegion.optional()),
  S3_ENDPOINT: optional(z.string().trim().regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL').optional()),
  S3_FORCE_PATH_STYLE: optional(booleanFlag.default(false)),
  ROUTE53_HOSTED_ZONE_ID: optional(z.string().trim().regex(/^(\/hostedzone\/)?[A-Z0-9]{1,32}$/, 'must be a Route53 hosted zone id').optional()),
  PLATFORM_CNAME_TARGET: optional(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, 'must be a host name')
      .optional(),
  ),
  JOB_QUEUE: optional(z.enum(['postgres', 'in-process'], { message: 'must be postgres or in-process' }).default('postgres')),
  JOB_POLL_SECONDS: optional(integer(1, 60).default(2)),
  WEBHOOK_TIMEOUT_MS: optional(integer(100, 60_000).default(10_000)),
  WEBHOOK_RETRY_BASE_MS: optional(integer(10, 3_600_000).default(30_000)),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: optional(booleanFlag.default(false)),
});

/** Where uploads go: the local disk (default) or an S3 bucket. */
export type MediaStorageConfig =
  | { driver: 'local'; root: string }
  | { driver: 's3'; bucket: string; region: string; endpoint: string | undefined; forcePathStyle: boolean };

/** Every variable the API reads; .env.example documents each one. */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);

export interface AppConfig {
  /** Unset means the caller provides a database (the first-run script starts an embedded PostgreSQL). */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  port: number;
  host: string;
  platformHosts: string[];
  logLevel: (typeof LOG_LEVELS)[number];
  logDir: string;
  tenantCacheTtlSeconds: number;
  /** Pre-built tenant schemas to keep ready, so that provisioning is a rename. */
  spareTenantSchemas: number;
  /** Schemas migrated at once when the server starts. */
  migrateConcurrency: number;
  /** HS256 key of the access tokens. */
  jwtSecret: string;
  /** True when JWT_SECRET was unset and a random key was made: tokens will not survive a restart. */
  jwtSecretGenerated: boolean;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  /** Set: login rate limits are counted in Redis, so they hold across API instances. Unset: in memory. */
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  /** Failed logins allowed per window, from one IP address and for one account (email). */
  loginRateLimit: { perIp: number; perAccount: number; windowSeconds: number };
  /**
   * Addresses of the reverse proxies whose X-Forwarded-For/-Proto are believed (empty: none). Behind a TLS proxy
   * this is what makes the client IP (rate limits, security log) and https (the Secure cookie) visible. Addresses,
   * not a hop count: Fastify believes X-Forwarded-Proto only from a known peer.
   */
  trustProxy: string[];
  /** A masquerade ends by itself this long after it starts (checked on every request). */
  masqueradeMaxMinutes: number;
  /** The longest a permission grant may last. */
  permissionGrantMaxMinutes: number;
  mediaStorage: MediaStorageConfig;
  /** Largest accepted upload (413 beyond). */
  mediaMaxUploadBytes: number;
  /** Lifetime of a presigned media URL (S3). */
  mediaUrlTtlSeconds: number;
  /** Set: custom domains get a CNAME in this hosted zone and are verified through Route53; unset: they stay PENDING. */
  route53: { region: string; hostedZoneId: string; cnameTarget: string } | null;
  /** Where plugin jobs run: pg-boss on this PostgreSQL (durable), or in memory (tests, throwaway development). */
  jobQueue: { kind: 'postgres' | 'in-process'; pollSeconds: number };
  /** Signed webhook deliveries: per-attempt timeout, first retry delay (doubled each time), private targets. */
  webhooks: { timeoutMs: number; retryBaseMs: number; allowPrivateTargets: boolean };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment; throws ConfigError listing every bad variable (values are not echoed: secrets). */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    // Named by variable only: values may be secrets (DATABASE_URL carries a password).
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`),
    );
  }
  const values = parsed.data;
  if (values.JWT_SECRET === undefined && values.NODE_ENV === 'production') {
    throw new ConfigError(['JWT_SECRET: is required when NODE_ENV is production (at least 32 characters)']);
  }
  const problems: string[] = [];
  const s3Region = values.S3_REGION ?? values.AWS_REGION;
  if (values.S3_BUCKET !== undefined && s3Region === undefined) {
    problems.push('S3_REGION: is required when S3_BUCKET is set (or set AWS_REGION)');
  }
  const route53Parts = [values.ROUTE53_HOSTED_ZONE_ID, values.PLATFORM_CNAME_TARGET];
  if (route53Parts.some((part) => part !== undefined)) {
    if (values.ROUTE53_HOSTED_ZONE_ID === undefined) problems.push('ROUTE53_HOSTED_ZONE_ID: is required with PLATFORM_CNAME_TARGET');
    if (values.PLATFORM_CNAME_TARGET === undefined) problems.push('PLATFORM_CNAME_TARGET: is required with ROUTE53_HOSTED_ZONE_ID');
    if (values.AWS_REGION === undefined) problems.push('AWS_REGION: is required when Route53 is configured');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    databaseUrl: values.DATABASE_URL,
    databasePoolSize: values.DATABASE_POOL_SIZE,
    port: values.PORT,
    host: values.HOST,
    platformHosts: values.PLATFORM_HOSTS,
    logLevel: values.LOG_LEVEL,
    logDir: values.LOG_DIR,
    tenantCacheTtlSeconds: values.TENANT_CACHE_TTL_SECONDS,
    spareTenantSchemas: values.SPARE_TENANT_SCHEMAS,
    migrateConcurrency: values.MIGRATE_CONCURRENCY,
    jwtSecret: values.JWT_SECRET ?? randomBytes(48).toString('base64url'),
    jwtSecretGenerated: values.JWT_SECRET === undefined,
    accessTokenTtlSeconds: values.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: values.REFRESH_TOKEN_TTL_DAYS,
    redisUrl: values.REDIS_URL,
    redisKeyPrefix: values.REDIS_KEY_PREFIX,
    loginRateLimit: {
      perIp: values.LOGIN_RATE_LIMIT_PER_IP,
      perAccount: values.LOGIN_RATE_LIMIT_PER_ACCOUNT,
      windowSeconds: values.LOGIN_RATE_LIMIT_WINDOW_SECONDS,
    },
    trustProxy: values.TRUST_PROXY,
    masqueradeMaxMinutes: values.MASQUERADE_MAX_MINUTES,
    permissionGrantMaxMinutes: values.PERMISSION_GRANT_MAX_MINUTES,
    mediaStorage:
      values.S3_BUCKET === undefined
        ? { driver: 'local', root: values.MEDIA_STORAGE_DIR }
        : {
            driver: 's3',
            bucket: values.S3_BUCKET,
            region: s3Region!,
            endpoint: values.S3_ENDPOINT,
            forcePathStyle: values.S3_FORCE_PATH_STYLE,
          },
    mediaMaxUploadBytes: values.MEDIA_MAX_UPLOAD_BYTES,
    mediaUrlTtlSeconds: values.MEDIA_URL_TTL_SECONDS,
    route53:
      values.ROUTE53_HOSTED_ZONE_ID !== undefined && values.PLATFORM_CNAME_TARGET !== undefined && values.AWS_REGION !== undefined
        ? { region: values.AWS_REGION, hostedZoneId: values.ROUTE53_HOSTED_ZONE_ID, cnameTarget: values.PLATFORM_CNAME_TARGET }
        : null,
    jobQueue: { kind: values.JOB_QUEUE, pollSeconds: values.JOB_POLL_SECONDS },
    webhooks: {
      timeoutMs: values.WEBHOOK_TIMEOUT_MS,
      retryBaseMs: values.WEBHOOK_RETRY_BASE_MS,
      allowPrivateTargets: values.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    },
  };
}

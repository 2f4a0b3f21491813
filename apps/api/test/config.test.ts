import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('applies the defaults', () => {
    expect(loadConfig({})).toEqual({
      databaseUrl: undefined,
      databasePoolSize: 10,
      port: 3000,
      host: '0.0.0.0',
      platformHosts: ['localhost', '127.0.0.1'],
      logLevel: 'info',
      logDir: 'logs',
      tenantCacheTtlSeconds: 60,
      spareTenantSchemas: 2,
      migrateConcurrency: 4,
      jwtSecret: expect.stringMatching(/^[A-Za-z0-9_-]{64}$/),
      jwtSecretGenerated: true,
      accessTokenTtlSeconds: 900,
      refreshTokenTtlDays: 30,
      redisUrl: undefined,
      redisKeyPrefix: 'smoothschedule:',
      loginRateLimit: { perIp: 20, perAccount: 5, windowSeconds: 900 },
      trustProxy: [],
      masqueradeMaxMinutes: 30,
      permissionGrantMaxMinutes: 30,
      mediaStorage: { driver: 'local', root: '.data/media' },
      mediaMaxUploadBytes: 5 * 1024 * 1024,
      mediaUrlTtlSeconds: 300,
      route53: null,
      jobQueue: { kind: 'postgres', pollSeconds: 2 },
      webhooks: { timeoutMs: 10_000, retryBaseMs: 30_000, allowPrivateTargets: false },
    });
  });

  it('makes a different random JWT key on each start when JWT_SECRET is unset', () => {
    expect(loadConfig({}).jwtSecret).not.toBe(loadConfig({}).jwtSecret);
  });

  it('refuses to start without JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: is required when NODE_ENV is production/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toMatchObject({
      jwtSecret: 'x'.repeat(32),
      jwtSecretGenerated: false,
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ', PLATFORM_HOSTS: '' })).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      platformHosts: ['localhost', '127.0.0.1'],
    });
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        DATABASE_URL: 'postgresql://app@db:5432/smooth',
        DATABASE_POOL_SIZE: '25',
        PORT: '8080',
        HOST: '127.0.0.1',
        PLATFORM_HOSTS: ' Admin.Example.com , localhost ',
        LOG_LEVEL: 'debug',
        LOG_DIR: '/var/log/ss',
        TENANT_CACHE_TTL_SECONDS: '0',
        SPARE_TENANT_SCHEMAS: '0',
        MIGRATE_CONCURRENCY: '16',
        NODE_ENV: 'production',
        JWT_SECRET: 'k'.repeat(40),
        ACCESS_TOKEN_TTL_SECONDS: '300',
        REFRESH_TOKEN_TTL_DAYS: '7',
        REDIS_URL: 'redis://cache:6379/2',
        REDIS_KEY_PREFIX: 'ss-prod:',
        LOGIN_RATE_LIMIT_PER_IP: '50',
        LOGIN_RATE_LIMIT_PER_ACCOUNT: '3',
        LOGIN_RATE_LIMIT_WINDOW_SECONDS: '600',
        TRUST_PROXY: ' Loopback, 10.0.0.0/8 ',
        MASQUERADE_MAX_MINUTES: '15',
        PERMISSION_GRANT_MAX_MINUTES: '120',
        MEDIA_STORAGE_DIR: '/srv/media',
        MEDIA_MAX_UPLOAD_BYTES: '1048576',
        MEDIA_URL_TTL_SECONDS: '60',
        AWS_REGION: 'eu-west-3',
        S3_BUCKET: 'ss-media',
        S3_REGION: 'us-east-1',
        S3_ENDPOINT: 'http://127.0.0.1:9000',
        S3_FORCE_PATH_STYLE: 'true',
        ROUTE53_HOSTED_ZONE_ID: 'Z0123456789ABC',
        PLATFORM_CNAME_TARGET: 'Edge.SmoothSchedule.example',
        JOB_QUEUE: 'in-process',
        JOB_POLL_SECONDS: '5',
        WEBHOOK_TIMEOUT_MS: '2500',
        WEBHOOK_RETRY_BASE_MS: '1000',
        WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      }),
    ).toEqual({
      databaseUrl: 'postgresql://app@db:5432/smooth',
      databasePoolSize: 25,
      port: 8080,
      host: '127.0.0.1',
      platformHosts: ['admin.example.com', 'localhost'],
      logLevel: 'debug',
      logDir: '/var/log/ss',
      tenantCacheTtlSeconds: 0,
      spareTenantSchemas: 0,
      migrateConcurrency: 16,
      jwtSecret: 'k'.repeat(40),
      jwtSecretGenerated: false,
      accessTokenTtlSeconds: 300,
      refreshTokenTtlDays: 7,
      redisUrl: 'redis://cache:6379/2',
      redisKeyPrefix: 'ss-prod:',
      loginRateLimit: { perIp: 50, perAccount: 3, windowSeconds: 600 },
      trustProxy: ['loopback', '10.0.0.0/8'],
      masqueradeMaxMinutes: 15,
      permissionGrantMaxMinutes: 120,
      mediaStorage: { driver: 's3', bucket: 'ss-media', region: 'us-east-1', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true },
      mediaMaxUploadBytes: 1048576,
      mediaUrlTtlSeconds: 60,
      route53: { region: 'eu-west-3', hostedZoneId: 'Z0123456789ABC', cnameTarget: 'edge.smoothschedule.example' },
      jobQueue: { kind: 'in-process', pollSeconds: 5 },
      webhooks: { timeoutMs: 2500, retryBaseMs: 1000, allowPrivateTargets: true },
    });
  });

  it('uses S3 when S3_BUCKET is set, with AWS_REGION when S3_REGION is not', () => {
    expect(loadConfig({ S3_BUCKET: 'media', AWS_REGION: 'eu-west-1' }).mediaStorage).toEqual({
      driver: 's3', bucket: 'media', region: 'eu-west-1', endpoint: undefined, forcePathStyle: false,
    });
    expect(loadConfig({ MEDIA_STORAGE_DIR: 'uploads' }).mediaStorage).toEqual({ driver: 'local', root: 'uploads' });
  });

  it.each([
    { env: { PORT: 'abc' }, variable: 'PORT' },
    { env: { PORT: '70000' }, variable: 'PORT' },
    { env: { DATABASE_POOL_SIZE: '1' }, variable: 'DATABASE_POOL_SIZE' },
    { env: { DATABASE_URL: 'mysql://secret-password@db/x' }, variable: 'DATABASE_URL' },
    { env: { LOG_LEVEL: 'loud' }, variable: 'LOG_LEVEL' },
    { env: { PLATFORM_HOSTS: 'localhost:3000' }, variable: 'PLATFORM_HOSTS' },
    { env: { TENANT_CACHE_TTL_SECONDS: '-5' }, variable: 'TENANT_CACHE_TTL_SECONDS' },
    { env: { SPARE_TENANT_SCHEMAS: '1000' }, variable: 'SPARE_TENANT_SCHEMAS' },
    { env: { MIGRATE_CONCURRENCY: '0' }, variable: 'MIGRATE_CONCURRENCY' },
    { env: { JWT_SECRET: 'secret-password-too-short' }, variable: 'JWT_SECRET' },
    { env: { ACCESS_TOKEN_TTL_SECONDS: '0' }, variable: 'ACCESS_TOKEN_TTL_SECONDS' },
    { env: { REFRESH_TOKEN_TTL_DAYS: '1000' }, variable: 'REFRESH_TOKEN_TTL_DAYS' },
    { env: { REDIS_URL: 'http://secret-password@cache' }, variable: 'REDIS_URL' },
    { env: { LOGIN_RATE_LIMIT_PER_IP: '0' }, variable: 'LOGIN_RATE_LIMIT_PER_IP' },
    { env: { LOGIN_RATE_LIMIT_PER_ACCOUNT: 'many' }, variable: 'LOGIN_RATE_LIMIT_PER_ACCOUNT' },
    { env: { LOGIN_RATE_LIMIT_WINDOW_SECONDS: '-1' }, variable: 'LOGIN_RATE_LIMIT_WINDOW_SECONDS' },
    { env: { TRUST_PROXY: 'true' }, variable: 'TRUST_PROXY' },
    { env: { MASQUERADE_MAX_MINUTES: '0' }, variable: 'MASQUERADE_MAX_MINUTES' },
    { env: { PERMISSION_GRANT_MAX_MINUTES: 'forever' }, variable: 'PERMISSION_GRANT_MAX_MINUTES' },
    { env: { TRUST_PROXY: 'loopback,proxy.internal' }, variable: 'TRUST_PROXY' },
    { env: { MEDIA_MAX_UPLOAD_BYTES: '0' }, variable: 'MEDIA_MAX_UPLOAD_BYTES' },
    { env: { MEDIA_URL_TTL_SECONDS: '86400' }, variable: 'MEDIA_URL_TTL_SECONDS' },
    { env: { S3_BUCKET: 'Bad_Bucket' }, variable: 'S3_BUCKET' },
    { env: { S3_BUCKET: 'media' }, variable: 'S3_REGION' },
    { env: { S3_ENDPOINT: 'ftp://secret-password@host' }, variable: 'S3_ENDPOINT' },
    { env: { S3_FORCE_PATH_STYLE: 'maybe' }, variable: 'S3_FORCE_PATH_STYLE' },
    { env: { AWS_REGION: 'Europe Paris' }, variable: 'AWS_REGION' },
    { env: { ROUTE53_HOSTED_ZONE_ID: 'z-lower case' }, variable: 'ROUTE53_HOSTED_ZONE_ID' },
    { env: { ROUTE53_HOSTED_ZONE_ID: 'Z123', AWS_REGION: 'us-east-1' }, variable: 'PLATFORM_CNAME_TARGET' },
    { env: { PLATFORM_CNAME_TARGET: 'edge.example.com', AWS_REGION: 'us-east-1' }, variable: 'ROUTE53_HOSTED_ZONE_ID' },
    { env: { ROUTE53_HOSTED_ZONE_ID: 'Z123', PLATFORM_CNAME_TARGET: 'edge.example.com' }, variable: 'AWS_REGION' },
    { env: { PLATFORM_CNAME_TARGET: 'http://edge' }, variable: 'PLATFORM_CNAME_TARGET' },
    { env: { JOB_QUEUE: 'redis' }, variable: 'JOB_QUEUE' },
    { env: { JOB_POLL_SECONDS: '0' }, variable: 'JOB_POLL_SECONDS' },
    { env: { WEBHOOK_TIMEOUT_MS: '5' }, variable: 'WEBHOOK_TIMEOUT_MS' },
    { env: { WEBHOOK_RETRY_BASE_MS: 'soon' }, variable: 'WEBHOOK_RETRY_BASE_MS' },
    { env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'sometimes' }, variable: 'WEBHOOK_ALLOW_PRIVATE_TARGETS' },
  ])('refuses $env naming $variable', ({ env, variable }) => {
    let thrown: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const message = (thrown as ConfigError).message;
    expect(message).toMatch(/^Invalid configuration:\n {2}- /);
    expect(message).toContain(`${variable}: `);
    expect(message).not.toContain('secret-password');
  });

  it('lists every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(/PORT: [\s\S]*LOG_LEVEL: /);
  });
});

describe('.env.example', () => {
  const documented = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.match(/^([A-Z0-9_]+)=/)?.[1])
    .filter((name): name is string => name !== undefined);
  // Read by the start and CLI scripts only, before the API's configuration exists.
  const scriptVariables = ['EMBEDDED_POSTGRES_DIR', 'EMBEDDED_POSTGRES_PORT'];

  it('documents every variable the API reads, and nothing it does not', () => {
    expect([...documented].sort()).toEqual([...CONFIG_VARIABLES, ...scriptVariables].sort());
  });

  it('holds values the API accepts', () => {
    const values = Object.fromEntries(
      readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8')
        .split('\n')
        .map((line) => line.match(/^([A-Z0-9_]+)=(.*)$/))
        .filter((match): match is RegExpMatchArray => match !== null)
        .map((match) => [match[1]!, match[2]!]),
    );
    expect(() => loadConfig(values)).not.toThrow();
  });
});

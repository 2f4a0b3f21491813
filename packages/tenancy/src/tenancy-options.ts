import type { Database } from '@smoothschedule/db';
import { normalizeHost } from '@smoothschedule/db';
import { z } from 'zod';

export interface TenancyPluginOptions {
  database: Database;
  /** Hosts (no port) that serve the platform itself rather than a tenant. */
  platformHosts: string[];
  /** How long a host → tenant answer is reused; 0 disables the cache. Default 60 s. */
  cacheTtlMs?: number;
  /** How long "no tenant on this host" is reused. Default the smaller of 5 s and cacheTtlMs. */
  negativeCacheTtlMs?: number;
  /** Most hosts kept in the cache. Default 10,000. */
  cacheSize?: number;
  /** How often the change listener's connection is checked, so a silently dead one is noticed. Default 15 s. */
  listenerHeartbeatMs?: number;
}

export interface ResolvedTenancyOptions {
  database: Database;
  platformHosts: ReadonlySet<string>;
  cacheTtlMs: number;
  negativeCacheTtlMs: number;
  cacheSize: number;
  listenerHeartbeatMs: number;
}

/** Letters, digits, dots, hyphens, and colons for IPv6 literals. */
const HOST_NAME = /^[a-z0-9][a-z0-9.:-]*$/;

const duration = z.number().int().min(0);

const optionsSchema = z.object({
  database: z.custom<Database>(
    (value) => typeof value === 'object' && value !== null && 'shared' in value && 'tenants' in value && 'pool' in value,
    'must be a Database from @smoothschedule/db',
  ),
  platformHosts: z
    .array(z.string().transform((host, context) => {
      const normalized = normalizeHost(host);
      if (normalized === null || !HOST_NAME.test(normalized)) context.addIssue({ code: 'custom', message: `"${host}" is not a host name` });
      return normalized ?? '';
    }))
    .min(1, 'must list at least one platform host'),
  cacheTtlMs: duration.default(60_000),
  negativeCacheTtlMs: duration.optional(),
  cacheSize: z.number().int().min(1).default(10_000),
  listenerHeartbeatMs: z.number().int().min(100).default(15_000),
});

/** Validates the plugin options at registration, so a bad option fails start-up rather than a request. */
export function resolveTenancyOptions(options: TenancyPluginOptions): ResolvedTenancyOptions {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`);
    throw new TypeError(`Invalid @smoothschedule/tenancy options: ${problems.join('; ')}`);
  }
  const { cacheTtlMs, negativeCacheTtlMs } = parsed.data;
  return {
    ...parsed.data,
    platformHosts: new Set(parsed.data.platformHosts),
    negativeCacheTtlMs: Math.min(negativeCacheTtlMs ?? 5_000, cacheTtlMs),
  };
}

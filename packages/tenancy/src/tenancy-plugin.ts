import type { TenantClient } from '@smoothschedule/db';
import { normalizeHost } from '@smoothschedule/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ChangeListener } from './change-listener.ts';
import { HostCache } from './host-cache.ts';
import { createHostResolver } from './host-resolver.ts';
import type { TenantContext } from './tenant-context.ts';
import { createTenantLookup } from './tenant-lookup.ts';
import {
  PlatformHostRequiredError,
  TenantContextRequiredError,
  TenantNotFoundError,
  TenantSuspendedError,
} from './tenancy-errors.ts';
import { resolveTenancyOptions, type TenancyPluginOptions } from './tenancy-options.ts';

/** The channel the shared migration's trigger notifies on every change to tenants or domains. */
const TENANCY_CHANGED_CHANNEL = 'tenancy_changed';

export interface TenancyControl {
  /** Forgets every cached host → tenant answer (for same-process changes; other processes hear a notice). */
  invalidate(): void;
  /** The tenant and its database for a request, or TENANT_CONTEXT_REQUIRED on a platform host. */
  requireTenant(request: FastifyRequest): { tenant: TenantContext; db: TenantClient };
  status(): { listening: boolean; cachedHosts: number };
}

/**
 * How a route takes part in tenancy resolution (route `config.tenancy`):
 * - unset: resolve; platform hosts and tenant hosts both reach the handler;
 * - 'required': tenant hosts only; a platform host answers 404 TENANT_CONTEXT_REQUIRED before the body is read;
 * - 'platform': platform hosts only; any other host answers 404 PLATFORM_HOST_REQUIRED, without a lookup;
 * - 'skip': no resolution at all (liveness and readiness answer on any host).
 */
export type TenancyRouteMode = 'required' | 'platform' | 'skip';

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant served by this request's host; null on a platform host or when resolution was skipped. */
    tenant: TenantContext | null;
    /**
     * The tenant client; its operations reach `tenant`'s schema (and no other) from the handler and the
     * preHandlers after tenancy's. Null whenever `tenant` is null.
     */
    db: TenantClient | null;
    isPlatformHost: boolean;
  }
  interface FastifyInstance {
    tenancy: TenancyControl;
  }
  interface FastifyContextConfig {
    tenancy?: TenancyRouteMode;
  }
}

async function tenancyPlugin(app: FastifyInstance, rawOptions: TenancyPluginOptions): Promise<void> {
  const options = resolveTenancyOptions(rawOptions);
  const { database, platformHosts } = options;
  const cache = new HostCache({
    capacity: options.cacheSize,
    ttlMs: options.cacheTtlMs,
    negativeTtlMs: options.negativeCacheTtlMs,
  });
  const listener = new ChangeListener({
    pool: database.pool,
    channel: TENANCY_CHANGED_CHANNEL,
    heartbeatMs: options.listenerHeartbeatMs,
    log: app.log,
    onNotification: () => cache.clear(),
    // Both edges clear: changes made while the listener was down were never announced.
    onListeningChange: () => cache.clear(),
  });
  const resolveHost = createHostResolver({
    lookUpTenant: createTenantLookup(database.shared),
    cache,
    isCacheTrusted: () => listener.isListening,
  });

  app.decorateRequest('tenant', null);
  app.decorateRequest('db', null);
  app.decorateRequest('isPlatformHost', false);

  const requireTenant = (request: FastifyRequest) => {
    if (!request.tenant || !request.db) throw new TenantContextRequiredError();
    return { tenant: request.tenant, db: request.db };
  };
  app.decorate('tenancy', {
    invalidate: () => cache.clear(),
    requireTenant,
    status: () => ({ listening: listener.isListening, cachedHosts: cache.size }),
  } satisfies TenancyControl);

  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const mode = request.routeOptions.config.tenancy;
    const host = normalizeHost(request.headers.host);
    if (host !== null && platformHosts.has(host)) {
      request.isPlatformHost = true;
      if (mode === 'required') throw new TenantContextRequiredError();
      return;
    }
    if (mode === 'skip') return;
    if (mode === 'platform') throw new PlatformHostRequiredError();
    const tenant = host === null ? null : await resolveHost(host);
    if (tenant === null) throw new TenantNotFoundError();
    if (tenant.status === 'SUSPENDED') throw new TenantSuspendedError();
    request.tenant = tenant;
    request.db = database.tenants.client;
  });

  // request.db is the one contextual tenant client (no per-tenant or per-request object): its statements go to
  // the schema of the tenant context they run in. The context is entered here, after the body is parsed, and
  // `done` runs the remaining preHandlers and the handler synchronously, so all of them inherit it.
  app.addHook('preHandler', (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
    // Falsy rather than null: a context created before this plugin registered lacks the decorator entirely.
    if (!request.tenant) return done();
    database.tenants.enterTenantScope(request.tenant.schemaName, () => done());
  });

  app.addHook('onReady', async () => listener.start());
  app.addHook('onClose', async () => listener.stop());
}

export const tenancy = fp(tenancyPlugin, { name: '@smoothschedule/tenancy', fastify: '5.x' });

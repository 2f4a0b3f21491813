/**
 * The storage plugin: media routes (tenant hosts) and custom-domain routes (platform hosts). Register under the
 * prefix `/api`, after tenancy and authentication. Encapsulated on purpose: the multipart parser it registers
 * serves its upload route only.
 */
import type { Database } from '@smoothschedule/db';
import type { PlatformTenantService, TenantPurge } from '@smoothschedule/platform';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createCustomDomainRepository } from './custom-domain-repository.ts';
import { createCustomDomainService, purgeTenantDnsRecords } from './custom-domain-service.ts';
import { createMediaService, purgeTenantObjects } from './media-service.ts';
import type { ObjectStore } from './object-store.ts';
import type { Route53Dns } from './route53-dns.ts';
import { customDomainRoutes } from './routes/custom-domain-routes.ts';
import { mediaRoutes } from './routes/media-routes.ts';

export interface StoragePluginOptions {
  database: Database;
  objectStore: ObjectStore;
  /** Largest accepted upload, in bytes (413 beyond). */
  maxUploadBytes: number;
  platformTenants: PlatformTenantService;
  /** Null when Route53 is not configured. */
  dns: Route53Dns | null;
  platformHosts: readonly string[];
}

const optionsSchema = z.object({
  maxUploadBytes: z.number().int().min(1).max(1024 * 1024 * 1024),
  platformHosts: z.array(z.string().min(1)).min(1),
  objectStore: z.custom<ObjectStore>((value) => typeof (value as ObjectStore | null)?.put === 'function', 'must be an ObjectStore'),
});

export async function storage(app: FastifyInstance, options: StoragePluginOptions): Promise<void> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`);
    throw new TypeError(`Invalid @smoothschedule/storage options: ${problems.join('; ')}`);
  }
  const domains = createCustomDomainService({
    domains: createCustomDomainRepository(options.database.shared),
    platformTenants: options.platformTenants,
    dns: options.dns,
    platformHosts: options.platformHosts,
    onDomainsChanged: () => app.tenancy.invalidate(),
  });
  await app.register(mediaRoutes, { service: createMediaService(options.objectStore), maxUploadBytes: options.maxUploadBytes });
  await app.register(customDomainRoutes, { service: domains });
}

/** What deleting a tenant must also remove outside its schema: its stored objects and its CNAMEs. */
export function storageTenantPurges(options: { database: Database; objectStore: ObjectStore; dns: Route53Dns | null }): TenantPurge[] {
  return [
    purgeTenantObjects(options.objectStore),
    purgeTenantDnsRecords(createCustomDomainRepository(options.database.shared), options.dns),
  ];
}

/**
 * The platform tenants API and the storage plugin, wired together: deleting a tenant purges its stored objects and
 * its CNAMEs (storage's purges), and custom domains hang off the tenants service's access rules. Drivers are
 * chosen from the configuration here, so the packages never see the environment.
 */
import { createUserRepository, createUserService } from '@smoothschedule/auth';
import { createTenantProvisioner, loadMigrationSet, type Database } from '@smoothschedule/db';
import { createPlatformTenantRepository, createPlatformTenantService, platformTenantsRoutes } from '@smoothschedule/platform';
import { createDomainDns, createObjectStore, storage, storageTenantPurges, type ObjectStore, type Route53Dns } from '@smoothschedule/storage';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from './config.ts';

export interface PlatformAndStorageOverrides {
  /** Replaces the store the configuration names (tests: a store over a test server or folder). */
  objectStore?: ObjectStore;
  /** Replaces the Route53 client the configuration names (tests: one over a mocked SDK client). */
  dns?: Route53Dns | null;
}

export async function registerPlatformAndStorage(
  app: FastifyInstance,
  config: AppConfig,
  database: Database,
  overrides: PlatformAndStorageOverrides = {},
): Promise<void> {
  const objectStore =
    overrides.objectStore ??
    createObjectStore(
      config.mediaStorage.driver === 'local'
        ? config.mediaStorage
        : { ...config.mediaStorage, urlTtlSeconds: config.mediaUrlTtlSeconds },
    );
  const dns = overrides.dns !== undefined ? overrides.dns : createDomainDns(config.route53);
  const platformTenants = createPlatformTenantService({
    tenants: createPlatformTenantRepository(database.shared),
    provisioner: createTenantProvisioner({ pool: database.pool, tenantMigrations: loadMigrationSet('tenant') }),
    users: createUserService(createUserRepository(database.shared)),
    purges: storageTenantPurges({ database, objectStore, dns }),
    onLatePurgeFailure: (tenantId, err) =>
      app.log.error({ err, tenantId }, 'deleted tenant: removing its stored objects or DNS records failed; remove them by hand'),
  });
  await app.register(platformTenantsRoutes, { prefix: '/api/platform', service: platformTenants });
  await app.register(storage, {
    prefix: '/api',
    database,
    objectStore,
    dns,
    platformTenants,
    maxUploadBytes: config.mediaMaxUploadBytes,
    platformHosts: config.platformHosts,
  });
}

export {
  createPlatformTenantService,
  toPlatformTenant,
  type PlatformTenantService,
  type PlatformTenantServiceOptions,
  type TenantPurge,
} from './platform-tenant-service.ts';
export { createPlatformTenantRepository, type PlatformTenantRepository } from './platform-tenant-repository.ts';
export {
  createPlatformTenantSchema,
  listPlatformTenantsQuerySchema,
  platformTenantSchema,
  updatePlatformTenantSchema,
  type CreatePlatformTenantInput,
  type PlatformTenant,
  type UpdatePlatformTenantInput,
} from './platform-tenant-input.ts';
export { PlatformTenantNotFoundError, TenantManagementDeniedError } from './platform-tenant-errors.ts';
export {
  decideTenantManagement,
  tenantListScope,
  TENANT_MANAGEMENT,
  type ManagedTenant,
  type TenantManagementAction,
} from './tenant-management-access.ts';
export { platformTenantsRoutes, type PlatformTenantsRoutesOptions } from './routes/platform-tenants-routes.ts';

export { createDatabase, type Database, type DatabaseOptions } from './database.ts';
export { createSharedClient, type SharedClient } from './shared-client.ts';
export {
  createTenantClientFactory,
  type TenantClient,
  type TenantClientFactory,
} from './tenant-client/tenant-client-factory.ts';
export { MissingTenantContextError } from './tenant-client/tenant-context.ts';
export { CrossTenantTransactionError } from './tenant-client/tenant-schema-adapter.ts';
export {
  InvalidSchemaNameError,
  isValidTenantSchemaName,
  parseTenantSchemaName,
  tenantSchemaNameProblem,
} from './schema-name.ts';
export { domainNameProblem, normalizeHost } from './domain-name.ts';
export { startEmbeddedPostgres, type EmbeddedPostgresServer } from './embedded-postgres.ts';
export {
  checksumOf,
  loadMigrationSet,
  latestMigrationName,
  type MigrationFile,
  type MigrationKind,
  type MigrationSet,
} from './migrator/migration-files.ts';
export { migrateSharedSchema } from './migrator/shared-migration.ts';
export { inTransaction } from './pg-transaction.ts';
export { DEFAULT_MIGRATION_CONCURRENCY, runMigrations, type RunMigrationsOptions } from './migrator/migrator.ts';
export type { MigrationReport, SchemaResult } from './migrator/migration-report.ts';
export {
  createConsoleReporter,
  formatMigrationSummary,
  silentReporter,
  type MigrationEvent,
  type MigrationReporter,
} from './migrator/migration-progress.ts';
export { MigrationLockTimeoutError } from './migrator/exclusive-migration-lock.ts';
export { createTenantProvisioner, type ProvisionedTenant, type TenantProvisioner } from './provisioning/tenant-provisioner.ts';
export { topUpSpareSchemas, countReadySpares } from './provisioning/spare-schemas.ts';
export { DomainTakenError, SchemaNameTakenError, TenantNotFoundError } from './provisioning/provisioning-errors.ts';
export {
  createTenantInputSchema,
  SUBSCRIPTION_TIERS,
  TENANT_STATUSES,
  type CreateTenantInput,
} from './provisioning/tenant-input.ts';
export type { Tenant, Domain, User, Session } from './generated/shared/client.ts';
export { Role } from './generated/shared/enums.ts';
export { DEMO_TENANT, seedDemoTenant, type DemoSeedResult } from './seed/demo-tenant-seed.ts';
export type {
  Prisma as TenantPrisma,
  Appointment,
  AppointmentStatus,
  Blocker,
  BusinessHours,
  Customer,
  CustomerStatus,
  Resource,
  ResourceType,
  Service,
} from './generated/tenant/client.ts';
export type { Prisma as SharedPrisma } from './generated/shared/client.ts';

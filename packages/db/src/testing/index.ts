export { createMigratedTestDatabase, createTestDatabase, type TestDatabase } from './test-database.ts';
export { createTenantTestBed, type TenantTestBed } from './tenant-test-bed.ts';

export { createMigratedTestDatabase, createTestDatabase, type TestDatabase } from './test-database.ts';

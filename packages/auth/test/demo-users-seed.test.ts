import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, loadMigrationSet, seedDemoTenant, type Database, type DemoSeedResult } from '@smoothschedule/db';
import { createMigratedTestDatabase, type TestDatabase } from '@smoothschedule/db/testing';
import { formatDemoUsers, seedDemoUsers, type SeededDemoUser } from '../src/demo-users-seed.ts';
import { verifyPassword } from '../src/password-hashing.ts';
import { createUserRepository } from '../src/user-repository.ts';
import { createUserService } from '../src/user-service.ts';

let testDb: TestDatabase;
let database: Database;
let demo: DemoSeedResult;
let firstRun: SeededDemoUser[];

beforeAll(async () => {
  testDb = await createMigratedTestDatabase();
  database = createDatabase({ connectionString: testDb.url, poolSize: 4 });
  demo = await seedDemoTenant(database, loadMigrationSet('tenant'));
  firstRun = await seedDemoUsers(database, demo);
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

describe('seedDemoUsers', () => {
  it('creates one user of every role: platform roles on the platform, tenant roles in the demo tenant', async () => {
    const rows = await database.shared.user.findMany({ where: { isTemporary: false }, orderBy: { email: 'asc' } });
    expect(rows.map((row) => [row.role, row.tenantId]).sort()).toEqual([
      ['CUSTOMER', demo.tenantId],
      ['PLATFORM_MANAGER', null],
      ['PLATFORM_SALES', null],
      ['PLATFORM_SUPPORT', null],
      ['SUPERUSER', null],
      ['TENANT_MANAGER', demo.tenantId],
      ['TENANT_OWNER', demo.tenantId],
      ['TENANT_STAFF', demo.tenantId],
    ]);
  });

  it('adds a temporary demo account that sales can read and manage', async () => {
    const trial = await database.shared.user.findFirstOrThrow({ where: { isTemporary: true } });
    expect(trial.tenantId).toBe(demo.tenantId);
    const sales = await database.shared.user.findFirstOrThrow({ where: { role: 'PLATFORM_SALES' } });
    const service = createUserService(createUserRepository(database.shared));
    const principal = { userId: sales.id, email: sales.email, role: sales.role, tenantId: null, isTemporary: false, sessionId: 'test' };
    expect((await service.list(principal)).map((user) => user.email)).toContain(trial.email);
    await expect(service.update(principal, trial.id, { firstName: 'Prospect' })).resolves.toMatchObject({ firstName: 'Prospect' });
  });

  it('returns each password once: random, distinct, long, and matching the stored hash', async () => {
    expect(firstRun).toHaveLength(9);
    expect(new Set(firstRun.map((user) => user.password)).size).toBe(9);
    for (const user of firstRun) {
      expect(user.password.length).toBeGreaterThanOrEqual(20);
      const row = await database.shared.user.findFirstOrThrow({ where: { email: user.email } });
      expect(await verifyPassword(row.passwordHash, user.password)).toBe(true);
      expect(user.loginHost).toBe(row.tenantId ? 'demo.localhost' : 'localhost');
    }
  });

  it('is idempotent: a second run creates nothing and returns nothing', async () => {
    const before = await database.shared.user.findMany({ orderBy: { id: 'asc' } });
    expect(await seedDemoUsers(database, demo)).toEqual([]);
    expect(await database.shared.user.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
  });

  it('formats a table of email, password, role and where to log in', () => {
    const table = formatDemoUsers(firstRun, 3000);
    const owner = firstRun.find((user) => user.role === 'TENANT_OWNER')!;
    expect(table).toMatch(/email\s+password\s+role\s+log in on/);
    expect(table).toContain(owner.password);
    expect(table).toMatch(/superuser@example\.com\s+\S+\s+SUPERUSER\s+localhost:3000/);
    expect(table).toMatch(/owner@demo\.example\.com\s+\S+\s+TENANT_OWNER\s+demo\.localhost:3000/);
    expect(table).toMatch(/trial@demo\.example\.com\s+\S+\s+TENANT_MANAGER \(temporary\)\s+demo\.localhost:3000/);
  });
});

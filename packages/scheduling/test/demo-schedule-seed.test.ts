import { seedDemoUsers } from '@smoothschedule/auth';
import { createDatabase, DEMO_TENANT, loadMigrationSet, seedDemoTenant, type Database } from '@smoothschedule/db';
import { createMigratedTestDatabase, type TestDatabase } from '@smoothschedule/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoSchedule } from '../src/index.ts';

let testDb: TestDatabase;
let database: Database;
beforeAll(async () => {
  testDb = await createMigratedTestDatabase();
  database = createDatabase({ connectionString: testDb.url, poolSize: 2 });
});
afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

it('links the demo staff and customer logins, books appointments ahead, and changes nothing on a second run', async () => {
  const tenant = await seedDemoTenant(database, loadMigrationSet('tenant'));
  await seedDemoUsers(database, tenant);
  const target = { tenantId: tenant.tenantId, schemaName: DEMO_TENANT.schemaName, timezone: DEMO_TENANT.timezone };
  const now = new Date('2026-12-04T10:00:00Z');
  expect(await seedDemoSchedule(database, target, now)).toEqual({ appointments: 6 });
  expect(await seedDemoSchedule(database, target, now)).toEqual({ appointments: 0 });
  const staff = await database.shared.user.findFirstOrThrow({ where: { email: 'staff@demo.example.com' } });
  const customer = await database.shared.user.findFirstOrThrow({ where: { email: 'customer@demo.example.com' } });
  await database.tenants.withTenant({ schemaName: DEMO_TENANT.schemaName }, async (db) => {
    expect(await db.resource.count({ where: { userId: staff.id } })).toBe(1);
    expect(await db.customer.count({ where: { userId: customer.id } })).toBe(1);
    const appointments = await db.appointment.findMany({ orderBy: { startsAt: 'asc' } });
    expect(appointments).toHaveLength(6);
    // The next working days after Friday 4 December: Monday 7 December at 09:00 London time first.
    expect(appointments[0]!.startsAt.toISOString()).toBe('2026-12-07T09:00:00.000Z');
    expect(appointments.every((appointment) => appointment.startsAt > now)).toBe(true);
  });
});

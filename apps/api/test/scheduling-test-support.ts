/**
 * A scheduling world for the API tests: two tenants (A a demo tenant, so platform sales reach it; B not), one
 * user of every role, and in each tenant resources (one belonging to the staff user), services, opening hours,
 * customers (one linked to the customer user), blockers and appointments. The app runs on a movable clock set
 * to a Monday morning before everything booked.
 */
import type { Database, Role } from '@smoothschedule/db';
import { createDatabase, createTenantProvisioner, loadMigrationSet } from '@smoothschedule/db';
import { createMigratedTestDatabase, type TestDatabase } from '@smoothschedule/db/testing';
import type { JobQueue } from '@smoothschedule/marketplace';
import { pino, type Logger } from 'pino';
import { buildApp, type App } from '../src/app.ts';
import { testConfig } from './api-test-app.ts';
import { createUser, JWT_SECRET, login } from './auth-test-support.ts';
import { movableClock, type MovableClock } from './masquerade-test-support.ts';

export const SCHED_A = {
  name: 'Alpha Studio', schemaName: 'sched_alpha', domain: 'alpha.sched.test', subscriptionTier: 'BUSINESS' as const,
  isDemo: true, timezone: 'Europe/Berlin',
};
export const SCHED_B = {
  name: 'Beta Studio', schemaName: 'sched_beta', domain: 'beta.sched.test', subscriptionTier: 'BUSINESS' as const,
  isDemo: false, timezone: 'Europe/Berlin',
};
export const PLATFORM_HOST = 'localhost';
/** Monday 2 March 2026, 07:00 in Berlin: every fixture appointment lies ahead. */
export const FIXED_NOW = new Date('2026-03-02T06:00:00Z');

export const ALL_ROLES: readonly Role[] = [
  'SUPERUSER', 'PLATFORM_MANAGER', 'PLATFORM_SALES', 'PLATFORM_SUPPORT', 'TENANT_OWNER', 'TENANT_MANAGER', 'TENANT_STAFF', 'CUSTOMER',
];
const PLATFORM_ROLES: readonly Role[] = ALL_ROLES.slice(0, 4);

export interface TenantWorld {
  id: string;
  domain: string;
  schemaName: string;
  users: Record<'TENANT_OWNER' | 'TENANT_MANAGER' | 'TENANT_STAFF' | 'CUSTOMER', string>;
  /** Staff's own resource, another resource, an inactive one. */
  resources: { own: string; other: string; inactive: string };
  services: { cut: string; inactive: string };
  customers: { own: string; other: string };
  hours: string;
  blockers: { own: string; other: string };
  appointments: { own: string; other: string };
}

export interface SchedulingWorld {
  testDb: TestDatabase;
  database: Database;
  app: App;
  clock: MovableClock;
  a: TenantWorld;
  b: TenantWorld;
  /** Access tokens: platform roles once, tenant roles per tenant host. */
  tokens: { platform: Record<string, string>; a: Record<string, string>; b: Record<string, string> };
  close(): Promise<void>;
}

export const at = (iso: string) => new Date(iso);

async function seedTenant(database: Database, schemaName: string, staffUserId: string, customerUserId: string) {
  return database.tenants.withTenant({ schemaName }, async (db) => {
    const own = await db.resource.create({ data: { name: 'Staff chair', type: 'STAFF', userId: staffUserId } });
    const other = await db.resource.create({ data: { name: 'Room 2', type: 'ROOM' } });
    const inactive = await db.resource.create({ data: { name: 'Old chair', type: 'EQUIPMENT', isActive: false } });
    const cut = await db.service.create({
      data: { name: 'Cut', durationMinutes: 30, bufferMinutes: 10, resources: { create: [{ resourceId: own.id }, { resourceId: other.id }] } },
    });
    const inactiveService = await db.service.create({ data: { name: 'Retired', durationMinutes: 30, isActive: false, resources: { create: [{ resourceId: own.id }] } } });
    const hours = await db.businessHours.create({ data: { dayOfWeek: 0, opensAt: '08:00', closesAt: '20:00' } });
    await db.businessHours.createMany({ data: [1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, opensAt: '08:00', closesAt: '20:00' })) });
    const ownCustomer = await db.customer.create({ data: { name: 'Own Customer', userId: customerUserId, email: 'own@example.test' } });
    const otherCustomer = await db.customer.create({ data: { name: 'Other Customer', email: 'other@example.test' } });
    const ownBlocker = await db.blocker.create({ data: { resourceId: own.id, startsAt: at('2026-03-10T11:00:00Z'), endsAt: at('2026-03-10T12:00:00Z'), title: 'Dentist' } });
    const otherBlocker = await db.blocker.create({ data: { resourceId: other.id, startsAt: at('2026-03-10T11:00:00Z'), endsAt: at('2026-03-10T12:00:00Z'), title: 'Cleaning' } });
    const booking = (resourceId: string, customerId: string, startsAt: string) => db.appointment.create({
      data: { resourceId, customerId, serviceId: cut.id, startsAt: at(startsAt), endsAt: new Date(at(startsAt).getTime() + 30 * 60_000), bufferMinutes: 10 },
    });
    const ownAppointment = await booking(own.id, ownCustomer.id, '2026-03-09T09:00:00Z');
    const otherAppointment = await booking(other.id, otherCustomer.id, '2026-03-09T09:00:00Z');
    return {
      resources: { own: own.id, other: other.id, inactive: inactive.id },
      services: { cut: cut.id, inactive: inactiveService.id },
      customers: { own: ownCustomer.id, other: otherCustomer.id },
      hours: hours.id,
      blockers: { own: ownBlocker.id, other: otherBlocker.id },
      appointments: { own: ownAppointment.id, other: otherAppointment.id },
    };
  });
}

export interface SchedulingWorldOptions {
  env?: Record<string, string>;
  jobQueue?: JobQueue;
  /** Replaces the movable clock (e.g. one that moves only when told, for exact time assertions). */
  clock?: MovableClock;
  /** Replaces the silent logger (to read what the app logged). */
  logger?: Logger;
}

export async function createSchedulingWorld(options: SchedulingWorldOptions = {}): Promise<SchedulingWorld> {
  const testDb = await createMigratedTestDatabase();
  const database = createDatabase({ connectionString: testDb.url, poolSize: 8 });
  const provisioner = createTenantProvisioner({ pool: database.pool, tenantMigrations: loadMigrationSet('tenant') });
  const clock = options.clock ?? movableClock();
  clock.set(FIXED_NOW);
  const config = testConfig('postgresql://unused@127.0.0.1/unused', { JWT_SECRET, LOGIN_RATE_LIMIT_PER_IP: '10000', ...options.env });
  const app = await buildApp({ config, database, logger: options.logger ?? pino({ level: 'silent' }), clock, jobQueue: options.jobQueue });
  await app.ready();

  const platform: Record<string, string> = {};
  for (const role of PLATFORM_ROLES) {
    const email = `${role.toLowerCase()}@platform.test`;
    await createUser(database, { email, role });
    platform[role] = (await login(app, PLATFORM_HOST, email)).accessToken;
  }
  const worlds: TenantWorld[] = [];
  const tenantTokens: Array<Record<string, string>> = [];
  for (const spec of [SCHED_A, SCHED_B]) {
    const tenant = await provisioner.provision(spec);
    const users = {} as TenantWorld['users'];
    const tokens: Record<string, string> = {};
    for (const role of ['TENANT_OWNER', 'TENANT_MANAGER', 'TENANT_STAFF', 'CUSTOMER'] as const) {
      const email = `${role.toLowerCase()}@${spec.domain}`;
      users[role] = (await createUser(database, { email, role, tenantId: tenant.id })).id;
      tokens[role] = (await login(app, spec.domain, email)).accessToken;
    }
    const seeded = await seedTenant(database, spec.schemaName, users.TENANT_STAFF, users.CUSTOMER);
    worlds.push({ id: tenant.id, domain: spec.domain, schemaName: spec.schemaName, users, ...seeded });
    tenantTokens.push(tokens);
  }
  return {
    testDb,
    database,
    app,
    clock,
    a: worlds[0]!,
    b: worlds[1]!,
    tokens: { platform, a: tenantTokens[0]!, b: tenantTokens[1]! },
    async close() {
      await app.close();
      await database.close();
      await testDb.drop();
    },
  };
}

/** The token a role uses on a tenant's host (platform roles use their platform token everywhere). */
export function tokenFor(world: SchedulingWorld, tenant: 'a' | 'b', role: Role): string {
  return world.tokens.platform[role] ?? world.tokens[tenant][role]!;
}

export interface CallOptions {
  host: string;
  token?: string | null;
  payload?: unknown;
  headers?: Record<string, string>;
}

export function call(app: App, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, options: CallOptions) {
  const headers: Record<string, string> = { host: options.host, ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return app.inject({ method, url, headers, ...(options.payload === undefined ? {} : { payload: options.payload as object }) });
}

/** A fingerprint of every scheduling table of a tenant schema, to prove a refused request wrote nothing. */
export async function snapshot(database: Database, schemaName: string): Promise<Record<string, string>> {
  const tables = [
    'resources', 'services', 'service_resources', 'customers', 'business_hours', 'blockers', 'appointments', 'idempotency_keys',
    'scheduling_settings', 'media',
  ];
  const result: Record<string, string> = {};
  for (const table of tables) {
    // Names come from the fixed list above and the fixture's schema names, never from input.
    const { rows } = await database.pool.query(
      `SELECT count(*)::int AS n, coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') AS digest FROM "${schemaName}"."${table}" t`,
    );
    result[table] = `${rows[0].n}:${rows[0].digest}`;
  }
  return result;
}

/**
 * pnpm bench:availability — scheduling figures, one `name: value` per line: GET /api/availability for one day
 * over 50 resources holding 500 appointments (median and p95 ms through the whole app, and the SQL statements
 * each request sends, counted at the pg driver), and requests/s of one tenant's appointment list over HTTP.
 * Runs against DATABASE_URL (it creates and drops its own database there) or an embedded PostgreSQL.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { hashPassword } from '@smoothschedule/auth';
import { createDatabase, createTenantProvisioner, loadMigrationSet } from '@smoothschedule/db';
import { buildApp } from '@smoothschedule/api';
import { loadConfig } from '@smoothschedule/api/config';
import { benchServer, createBenchDatabase } from './bench-database.ts';
import { runLoad } from './load.ts';
import { median, printFigure, round } from './statistics.ts';

const RESOURCES = 50;
const APPOINTMENTS = 500;
const SAMPLES = Number(process.env.BENCH_AVAILABILITY_SAMPLES ?? 200);
const HOST = 'availability.bench.test';
const DATE = '2026-06-03';
const NOW = new Date('2026-06-01T00:00:00Z');

/** Counts statements sent through any pg client of this process while `counting` is set. */
let counting = false;
let statements = 0;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
  if (counting) statements += 1;
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

const server = await benchServer();
const benchDb = await createBenchDatabase(server.adminUrl);
const database = createDatabase({ connectionString: benchDb.url, poolSize: 10 });
try {
  const tenant = await createTenantProvisioner({ pool: database.pool, tenantMigrations: loadMigrationSet('tenant') })
    .provision({ name: 'Availability Bench', schemaName: 'availability_bench', domain: HOST, subscriptionTier: 'ENTERPRISE', timezone: 'Europe/Berlin' });
  const serviceId = await database.tenants.withTenant(tenant, async (db) => {
    const resources = await db.resource.createManyAndReturn({
      data: Array.from({ length: RESOURCES }, (_, index) => ({ name: `Chair ${index}`, type: 'STAFF' as const })),
    });
    const service = await db.service.create({
      data: { name: 'Cut', durationMinutes: 30, bufferMinutes: 5, resources: { create: resources.map((resource) => ({ resourceId: resource.id })) } },
    });
    await db.businessHours.createMany({
      data: [0, 1, 2, 3, 4, 5, 6].flatMap((dayOfWeek) => [
        { dayOfWeek, opensAt: '08:00', closesAt: '12:00' },
        { dayOfWeek, opensAt: '13:00', closesAt: '20:00' },
      ]),
    });
    const customer = await db.customer.create({ data: { name: 'Bench Customer' } });
    // 10 appointments per resource that day, every 55 minutes from 08:00 local (06:00Z in June).
    const perResource = APPOINTMENTS / RESOURCES;
    await db.appointment.createMany({
      data: resources.flatMap((resource, r) => Array.from({ length: perResource }, (_, index) => {
        const startsAt = new Date(Date.parse(`${DATE}T06:00:00Z`) + (index * 55 + (r % 5) * 5) * 60_000);
        return { resourceId: resource.id, serviceId: service.id, customerId: customer.id, startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000), bufferMinutes: 5 };
      })),
    });
    await db.blocker.createMany({
      data: resources.slice(0, 10).map((resource) => ({ resourceId: resource.id, startsAt: new Date(`${DATE}T15:00:00Z`), endsAt: new Date(`${DATE}T17:00:00Z`), title: 'Training' })),
    });
    return service.id;
  });
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', LOG_DIR: '.data/bench-logs', JWT_SECRET: 'bench-secret-of-at-least-thirty-two-chars' }), databaseUrl: benchDb.url };
  const app = await buildApp({ config, database, clock: () => NOW });
  await app.ready();
  await database.tenants.warmUp();

  const url = `/api/availability?serviceId=${serviceId}&date=${DATE}`;
  const ask = () => app.inject({ url, headers: { host: HOST } });
  for (let index = 0; index < 10; index += 1) await ask(); // warm-up (query compiler, host cache)
  const samples: number[] = [];
  const counts: number[] = [];
  let slots = 0;
  for (let index = 0; index < SAMPLES; index += 1) {
    statements = 0;
    counting = true;
    const started = performance.now();
    const response = await ask();
    samples.push(performance.now() - started);
    counting = false;
    counts.push(statements);
    if (response.statusCode !== 200) throw new Error(`availability: ${response.statusCode} ${response.body}`);
    slots = response.json<{ slots: unknown[] }>().slots.length;
  }
  samples.sort((a, b) => a - b);
  printFigure('availability.resources', RESOURCES);
  printFigure('availability.appointments', APPOINTMENTS);
  printFigure('availability.slots_returned', slots);
  printFigure('availability.median_ms', round(median(samples)));
  printFigure('availability.p95_ms', round(percentile(samples, 0.95)));
  printFigure('availability.sql_statements_per_request', round(median(counts), 1));
  printFigure('availability.sql_statements_max', Math.max(...counts));

  // The appointment list of one tenant over HTTP, as the owner (authentication included).
  await database.shared.user.create({
    data: { email: 'owner@bench.test', passwordHash: await hashPassword('bench password 123'), firstName: 'Bench', lastName: 'Owner', role: 'TENANT_OWNER', tenantId: tenant.id },
  });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { host: HOST }, payload: { email: 'owner@bench.test', password: 'bench password 123' } });
  const token = login.json<{ accessToken: string }>().accessToken;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const load = { port, hosts: [HOST], connections: 8, path: `/api/appointments?limit=50&from=${DATE}T00:00:00Z`, headers: { authorization: `Bearer ${token}` } };
  await runLoad({ ...load, amount: 500 });
  const result = await runLoad({ ...load, durationSeconds: Number(process.env.BENCH_ROUND_SECONDS ?? 8) });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`appointment list: ${result.non2xx} non-2xx, ${result.errors} errors`);
  printFigure('appointments_list.req_per_s (50 per page, 8 connections)', Math.round(result.requestsPerSecond));
  await app.close();
} finally {
  await database.close();
  await benchDb.drop();
  await server.stop();
}
process.exit(0);

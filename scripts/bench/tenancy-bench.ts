/**
 * pnpm bench:tenancy — the figures the tenancy design is held to (SPEC §10), one `name: value` per line:
 * throughput of a tenant-bound read endpoint against the same endpoint on one static Prisma client, RSS after
 * touching 10 and 10,000 tenants, peak PostgreSQL connections, provisioning time, and a no-op migrate.
 * Runs against DATABASE_URL (it creates and drops its own databases there) or an embedded PostgreSQL.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { addLightTenants, benchServer, createBenchDatabase, type BenchTenant } from './bench-database.ts';
import { runLoad } from './load.ts';
import { measureNoOpMigrate } from './migrate-bench.ts';
import { measureProvisioning } from './provisioning-bench.ts';
import { printFigure, round } from './statistics.ts';

const TENANTS = Number(process.env.BENCH_TENANTS ?? 10_000);
const THROUGHPUT_TENANTS = 1_000;
const CONNECTIONS = 8;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 8);
const MIGRATE_SCHEMAS = Number(process.env.BENCH_MIGRATE_SCHEMAS ?? 1_000);

interface BenchServerProcess {
  child: ChildProcess;
  port: number;
  poolSize: number;
  rss(): Promise<number>;
  stop(): Promise<void>;
}

async function startBenchServer(url: string, staticSchema: string): Promise<BenchServerProcess> {
  const child = fork(fileURLToPath(new URL('./bench-server.ts', import.meta.url)), [], {
    env: { ...process.env, BENCH_DATABASE_URL: url, BENCH_STATIC_SCHEMA: staticSchema },
    execArgv: ['--expose-gc', '--import', 'tsx'],
  });
  const [ready] = (await once(child, 'message')) as [{ port: number; poolSize: number }];
  return {
    child,
    port: ready.port,
    poolSize: ready.poolSize,
    async rss() {
      child.send({ type: 'rss' });
      const [reply] = (await once(child, 'message')) as [{ rss: number }];
      return reply.rss;
    },
    async stop() {
      child.send({ type: 'stop' });
      await once(child, 'exit');
    },
  };
}

/** Samples the database's connection count every 50 ms from one connection of its own (not counted). */
function watchConnections(url: string) {
  const client = new pg.Client({ connectionString: url });
  client.on('error', (error) => progress(`connection watcher: ${error.message}`));
  let peak = 0;
  let timer: NodeJS.Timeout | undefined;
  let sampling = false;
  const sample = async () => {
    if (sampling) return;
    sampling = true;
    const { rows } = await client.query(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    peak = Math.max(peak, rows[0].n);
    sampling = false;
  };
  return {
    async start() {
      await client.connect();
      timer = setInterval(() => void sample().catch(() => (sampling = false)), 50);
    },
    async stop() {
      clearInterval(timer);
      await sample();
      await client.end();
      return peak;
    },
  };
}

function assertAllOk(label: string, result: { non2xx: number; errors: number; requests: number }) {
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${label}: ${result.non2xx} non-2xx answers and ${result.errors} errors in ${result.requests} requests`);
  }
}

const progress = (message: string) => { if (process.env.BENCH_VERBOSE) console.error(`[bench] ${message}`); };

async function measureThroughputAndMemory(url: string, tenants: BenchTenant[]) {
  const hostsOf = (list: BenchTenant[]) => list.map((tenant) => tenant.domain);
  const connections = watchConnections(url);
  await connections.start();

  progress('starting the throughput server');
  const throughputServer = await startBenchServer(url, tenants[0]!.schemaName);
  progress('warming up');
  const manyTenants = hostsOf(tenants.slice(0, THROUGHPUT_TENANTS));
  const rotation = manyTenants.length;
  const staticHost = [tenants[0]!.domain];
  const base = { port: throughputServer.port, connections: CONNECTIONS };
  // Warm both paths (the query compiler, the host cache of every tenant in the rotation).
  await runLoad({ ...base, hosts: manyTenants, amount: THROUGHPUT_TENANTS * 2 });
  await runLoad({ ...base, hosts: staticHost, amount: 2_000, headers: { 'x-bench-client': 'static' } });
  progress('measuring throughput');
  // Alternate the two, so drift on a shared machine affects both alike.
  const tenantRates: number[] = [];
  const staticRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const onStatic = await runLoad({ ...base, hosts: staticHost, durationSeconds: ROUND_SECONDS, headers: { 'x-bench-client': 'static' } });
    assertAllOk('static client', onStatic);
    staticRates.push(onStatic.requestsPerSecond);
    progress(`round ${round + 1}: static ${Math.round(onStatic.requestsPerSecond)} req/s (${onStatic.requests} requests)`);
    const tenantBound = await runLoad({ ...base, hosts: manyTenants, durationSeconds: ROUND_SECONDS });
    assertAllOk('tenant-bound', tenantBound);
    tenantRates.push(tenantBound.requestsPerSecond);
    progress(`round ${round + 1}: tenant-bound ${Math.round(tenantBound.requestsPerSecond)} req/s (${tenantBound.requests} requests)`);
  }
  await throughputServer.stop();

  progress('measuring memory');
  const memoryServer = await startBenchServer(url, tenants[0]!.schemaName);
  const memoryBase = { port: memoryServer.port, connections: CONNECTIONS };
  assertAllOk('10 tenants', await runLoad({ ...memoryBase, hosts: hostsOf(tenants.slice(0, 10)), amount: 2_000 }));
  const rssAfter10 = await memoryServer.rss();
  assertAllOk(`${tenants.length} tenants`, await runLoad({ ...memoryBase, hosts: hostsOf(tenants), amount: tenants.length }));
  const rssAfterAll = await memoryServer.rss();
  const poolSize = memoryServer.poolSize;
  await memoryServer.stop();

  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    rotation,
    tenantRate: mean(tenantRates),
    staticRate: mean(staticRates),
    rssAfter10,
    rssAfterAll,
    peakConnections: await connections.stop(),
    poolSize,
  };
}

async function main() {
  const server = await benchServer();
  const databases: Array<{ drop(): Promise<void> }> = [];
  try {
    const load = await createBenchDatabase(server.adminUrl);
    databases.push(load);
    progress(`creating ${TENANTS} tenants`);
    const tenants = await addLightTenants(load.url, TENANTS, 'bt_');
    const figures = await measureThroughputAndMemory(load.url, tenants);
    const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
    printFigure(`req/s tenant-bound (${figures.rotation} tenants, ${CONNECTIONS} connections)`, Math.round(figures.tenantRate));
    printFigure(`req/s static client (${CONNECTIONS} connections)`, Math.round(figures.staticRate));
    printFigure('ratio tenant/static', round(figures.tenantRate / figures.staticRate, 3));
    printFigure('rss after 10 tenants (MB)', mb(figures.rssAfter10));
    printFigure(`rss after ${TENANTS} tenants (MB)`, mb(figures.rssAfterAll));
    printFigure(`rss growth 10 to ${TENANTS} tenants (MB)`, mb(figures.rssAfterAll - figures.rssAfter10));
    printFigure('peak postgres connections', figures.peakConnections);
    printFigure('pool size', figures.poolSize);

    const provisioning = await createBenchDatabase(server.adminUrl);
    databases.push(provisioning);
    const provision = await measureProvisioning(provisioning.url);
    printFigure('provision median (ms)', round(provision.replayMs, 1));
    printFigure('provision median with a spare schema (ms)', round(provision.spareMs, 1));

    const migrate = await createBenchDatabase(server.adminUrl);
    databases.push(migrate);
    const noOp = await measureNoOpMigrate(migrate.url, MIGRATE_SCHEMAS);
    printFigure(`no-op migrate over ${noOp.schemas} tenant schemas (s)`, round(noOp.seconds, 3));
  } finally {
    for (const database of databases) await database.drop().catch(() => undefined);
    await server.stop();
  }
}

await main();
process.exit(0);

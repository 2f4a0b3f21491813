/**
 * The API as the benchmarks run it, in a process of its own so that its memory is measured alone and the load
 * generator does not share its event loop. Answers the parent over IPC: { type: 'rss' } → RSS after a full GC.
 *
 * A request with the header `x-bench-client: static` is served by one static Prisma client compiled for the
 * first bench tenant's schema (the baseline); every other request uses the tenant-bound request.db. Both go
 * through the same app, route and tenancy resolution.
 */
import { createDatabase } from '@smoothschedule/db';
import { createStaticTenantClient } from '@smoothschedule/db/bench';
import { buildApp } from '@smoothschedule/api';
import { loadConfig } from '@smoothschedule/api/config';

const url = process.env.BENCH_DATABASE_URL!;
const staticSchema = process.env.BENCH_STATIC_SCHEMA!;
const config = { ...loadConfig({ ...process.env, LOG_LEVEL: 'silent' }), databaseUrl: url };
const database = createDatabase({ connectionString: url, poolSize: config.databasePoolSize });
const staticClient = createStaticTenantClient(database.pool, staticSchema);

const app = await buildApp({ config, database });
app.addHook('preHandler', (request, _reply, done) => {
  if (request.headers['x-bench-client'] === 'static') (request as { db: unknown }).db = staticClient;
  done();
});
await database.tenants.warmUp();
await staticClient.$connect();
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.server.address() as { port: number };

function rssAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  return process.memoryUsage().rss;
}

process.on('message', (message: { type: string }) => {
  if (message.type === 'rss') process.send!({ type: 'rss', rss: rssAfterGc() });
  if (message.type === 'stop') {
    void app.close().then(() => staticClient.$disconnect()).then(() => database.close()).then(() => process.exit(0));
  }
});
process.send!({ type: 'ready', port, poolSize: config.databasePoolSize });
// If the benchmark dies, do not outlive it.
process.on('disconnect', () => process.exit(0));

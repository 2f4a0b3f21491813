/**
 * Login latency through the whole app (inject, no network): median and p95 of N logins of one user, argon2id
 * verification, session row and lastLogin update included. `pnpm exec tsx scripts/bench/login-latency-bench.ts [N]`
 * with DATABASE_URL set (or an embedded PostgreSQL). Prints figures; asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import { createDatabase, createTenantProvisioner, loadMigrationSet } from '@smoothschedule/db';
import { buildApp } from '@smoothschedule/api';
import { loadConfig } from '@smoothschedule/api/config';
import { benchServer, createBenchDatabase } from './bench-database.ts';
import { median, printFigure, round } from './statistics.ts';

const COUNT = Number(process.argv[2] ?? 50);
const HOST = 'login-bench.localhost.test';

const server = await benchServer();
const benchDb = await createBenchDatabase(server.adminUrl);
const database = createDatabase({ connectionString: benchDb.url, poolSize: 4 });
try {
  const provisioner = createTenantProvisioner({ pool: database.pool, tenantMigrations: loadMigrationSet('tenant') });
  await provisioner.provision({ name: 'Login Bench', schemaName: 'login_bench', domain: HOST });
  const config = loadConfig({ LOG_LEVEL: 'silent', LOG_DIR: '.data/bench-logs', JWT_SECRET: 'bench-secret-of-at-least-thirty-two-chars',
    // The failure samples below must not be cut short by the limits.
    LOGIN_RATE_LIMIT_PER_IP: '100000',
    LOGIN_RATE_LIMIT_PER_ACCOUNT: '10000',
  });
  const app = await buildApp({ config, database });
  await app.ready();
  const credentials = { email: 'bench@example.test', password: 'bench password 123' };
  const registered = await app.inject({
    method: 'POST',
    url: '/api/auth/register',
    headers: { host: HOST },
    payload: { ...credentials, firstName: 'Bench', lastName: 'User' },
  });
  if (registered.statusCode !== 201) throw new Error(`register: ${registered.statusCode} ${registered.body}`);

  const measure = async (name: string, payload: { email: string; password: string }, expectedStatus: number) => {
    const login = () => app.inject({ method: 'POST', url: '/api/auth/login', headers: { host: HOST }, payload });
    for (let index = 0; index < 5; index += 1) await login(); // warm-up
    const samples: number[] = [];
    for (let index = 0; index < COUNT; index += 1) {
      const started = performance.now();
      const response = await login();
      samples.push(performance.now() - started);
      if (response.statusCode !== expectedStatus) throw new Error(`${name}: ${response.statusCode} ${response.body}`);
    }
    samples.sort((a, b) => a - b);
    printFigure(`${name}.median_ms`, round(median(samples)));
    printFigure(`${name}.p95_ms`, round(samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))]!));
  };
  printFigure('login.count', COUNT);
  await measure('login.success', credentials, 200);
  await measure('login.wrong_password', { ...credentials, password: 'not the password' }, 401);
  await measure('login.unknown_email', { ...credentials, email: 'nobody@example.test' }, 401);
  await app.close();
} finally {
  await database.close();
  await benchDb.drop();
  await server.stop();
}

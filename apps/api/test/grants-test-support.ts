/**
 * The cast of the permission-grant tests: one user of most roles on the platform and in tenants A and B, logged
 * in on their hosts, over the real app with a movable clock; and readers for what grants leave behind (audit rows,
 * security-log lines).
 */
import type { Database, Role } from '@smoothschedule/db';
import { pino } from 'pino';
import { buildApp, type App } from '../src/app.ts';
import { createApiFixture, TENANT_A, TENANT_B, testConfig, type ApiFixture } from './api-test-app.ts';
import { createUser, HOSTS, JWT_SECRET, login, securityLines, tenantIdOf, type SecurityLine } from './auth-test-support.ts';
import { movableClock, type MovableClock } from './masquerade-test-support.ts';

export const CAST = {
  root: { role: 'SUPERUSER', tenant: null },
  pm: { role: 'PLATFORM_MANAGER', tenant: null },
  pm2: { role: 'PLATFORM_MANAGER', tenant: null },
  sales: { role: 'PLATFORM_SALES', tenant: null },
  support: { role: 'PLATFORM_SUPPORT', tenant: null },
  ownerA: { role: 'TENANT_OWNER', tenant: 'a' },
  managerA: { role: 'TENANT_MANAGER', tenant: 'a' },
  staffA: { role: 'TENANT_STAFF', tenant: 'a' },
  customerA: { role: 'CUSTOMER', tenant: 'a' },
  ownerB: { role: 'TENANT_OWNER', tenant: 'b' },
  staffB: { role: 'TENANT_STAFF', tenant: 'b' },
} as const satisfies Record<string, { role: Role; tenant: 'a' | 'b' | null }>;
export type Member = keyof typeof CAST;

export const HOST_OF = { a: HOSTS.alpha, b: HOSTS.beta } as const;

export interface GrantsWorld {
  fixture: ApiFixture;
  app: App;
  clock: MovableClock;
  tenants: { a: string; b: string };
  ids: Record<Member, string>;
  tokens: Record<Member, string>;
  /** The host each member logs in on. */
  hosts: Record<Member, string>;
  close(): Promise<void>;
}

/** `beforeReady` may add test routes before the app is sealed. */
export async function createGrantsWorld(
  { env = {}, beforeReady }: { env?: Record<string, string>; beforeReady?: (app: App) => void } = {},
): Promise<GrantsWorld> {
  const fixture = await createApiFixture();
  const tenants = { a: await tenantIdOf(fixture.database, TENANT_A.schemaName), b: await tenantIdOf(fixture.database, TENANT_B.schemaName) };
  const clock = movableClock();
  const config = testConfig('postgresql://unused@127.0.0.1/unused', { JWT_SECRET, ...env });
  const app = await buildApp({ config, database: fixture.database, logger: pino({ level: 'silent' }), clock });
  beforeReady?.(app);
  await app.ready();
  const ids = {} as Record<Member, string>;
  const tokens = {} as Record<Member, string>;
  const hosts = {} as Record<Member, string>;
  for (const [name, { role, tenant }] of Object.entries(CAST) as Array<[Member, (typeof CAST)[Member]]>) {
    const user = await createUser(fixture.database, { email: `${name.toLowerCase()}@grants.test`, role, tenantId: tenant && tenants[tenant] });
    ids[name] = user.id;
    hosts[name] = tenant === null ? HOSTS.platform : HOST_OF[tenant];
    tokens[name] = (await login(app, hosts[name], `${name.toLowerCase()}@grants.test`)).accessToken;
  }
  return {
    fixture, app, clock, tenants, ids, tokens, hosts,
    async close() {
      await app.close();
      await fixture.close();
    },
  };
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** A request as `member`, on their own host unless `host` is given. */
export function as(world: GrantsWorld, member: Member, method: Method, url: string, payload?: unknown, host?: string) {
  return world.app.inject({
    method,
    url,
    headers: { host: host ?? world.hosts[member], authorization: `Bearer ${world.tokens[member]}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

export interface GrantBody {
  granteeId: string;
  action: string;
  tenantId?: string | null;
  reason?: string;
  durationMinutes?: number;
}

export function createGrant(world: GrantsWorld, grantor: Member, body: GrantBody) {
  return as(world, grantor, 'POST', '/api/grants', { reason: 'support case 42', ...body });
}

/** Creates a grant that must succeed; returns its body. */
export async function grant(world: GrantsWorld, grantor: Member, body: GrantBody) {
  const response = await createGrant(world, grantor, body);
  if (response.statusCode !== 201) throw new Error(`grant by ${grantor}: ${response.statusCode} ${response.body}`);
  return response.json<{ id: string; expiresAt: string; createdAt: string; status: string }>();
}

export async function auditCount(database: Database): Promise<number> {
  return database.shared.auditEvent.count();
}

/** What one action added to the audit table and the security log. */
export async function trailOf(world: GrantsWorld, action: () => Promise<unknown>) {
  const lastId = (await world.fixture.database.shared.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } }))?.id ?? 0n;
  const linesBefore = (await securityLines(world.app)).length;
  await action();
  const rows = await world.fixture.database.shared.auditEvent.findMany({ where: { id: { gt: lastId } }, orderBy: { id: 'asc' } });
  const lines: SecurityLine[] = (await securityLines(world.app)).slice(linesBefore);
  return { rows, lines };
}

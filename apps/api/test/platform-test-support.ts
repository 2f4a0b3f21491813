/**
 * One person of every role for the platform, media and custom-domain tests, each logged in on the host their token
 * belongs to (platform roles on the platform host, tenant roles on tenant A's host), and an `as` caller.
 */
import type { Database, Role } from '@smoothschedule/db';
import type { App } from '../src/app.ts';
import { createUser, login } from './auth-test-support.ts';

export const PLATFORM = 'localhost';

export const PLATFORM_CAST = {
  root: 'SUPERUSER',
  manager: 'PLATFORM_MANAGER',
  sales: 'PLATFORM_SALES',
  support: 'PLATFORM_SUPPORT',
} as const satisfies Record<string, Role>;

export const TENANT_CAST = {
  owner: 'TENANT_OWNER',
  tmanager: 'TENANT_MANAGER',
  staff: 'TENANT_STAFF',
  customer: 'CUSTOMER',
} as const satisfies Record<string, Role>;

export type Person = keyof typeof PLATFORM_CAST | keyof typeof TENANT_CAST;

/** Creates and logs in everyone; tenant roles belong to `tenant` and log in on its host. */
export async function loginCast(
  app: App,
  database: Database,
  tenant: { id: string; host: string },
  prefix: string,
): Promise<Record<Person, string>> {
  const tokens = {} as Record<Person, string>;
  for (const [name, role] of Object.entries(PLATFORM_CAST)) {
    const email = `${prefix}-${name}@platform.example.com`;
    await createUser(database, { email, role });
    tokens[name as Person] = (await login(app, PLATFORM, email)).accessToken;
  }
  for (const [name, role] of Object.entries(TENANT_CAST)) {
    const email = `${prefix}-${name}@tenant.example.com`;
    await createUser(database, { email, role, tenantId: tenant.id });
    tokens[name as Person] = (await login(app, tenant.host, email)).accessToken;
  }
  return tokens;
}

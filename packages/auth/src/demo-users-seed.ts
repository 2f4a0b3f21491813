/**
 * One demo user of every role: the four platform roles on the platform, the four tenant roles in the demo tenant,
 * and a temporary account in the demo tenant, the kind sales hand to a prospect. Passwords are random per
 * installation (never a known default) and returned once, for the first run to print. Idempotent: a user that
 * already exists is left alone and not returned, since its password is no longer known.
 */
import { randomBytes } from 'node:crypto';
import type { Database, Role } from '@smoothschedule/db';
import { UserEmailTakenError } from './user-errors.ts';
import { createUserRepository } from './user-repository.ts';
import { createUserService } from './user-service.ts';

export interface DemoTenantRef {
  tenantId: string;
  /** The host its users log in on, e.g. demo.localhost. */
  domain: string;
}

export interface SeededDemoUser {
  email: string;
  password: string;
  role: Role;
  isTemporary: boolean;
  /** Where this user logs in: the platform host or the demo tenant's. */
  loginHost: string;
}

export const PLATFORM_LOGIN_HOST = 'localhost';

const DEMO_USERS: ReadonlyArray<{ email: string; role: Role; firstName: string; lastName: string; inTenant: boolean; isTemporary?: boolean }> = [
  { email: 'superuser@example.com', role: 'SUPERUSER', firstName: 'Sam', lastName: 'Super', inTenant: false },
  { email: 'platform.manager@example.com', role: 'PLATFORM_MANAGER', firstName: 'Pat', lastName: 'Manager', inTenant: false },
  { email: 'sales@example.com', role: 'PLATFORM_SALES', firstName: 'Sasha', lastName: 'Sales', inTenant: false },
  { email: 'support@example.com', role: 'PLATFORM_SUPPORT', firstName: 'Sol', lastName: 'Support', inTenant: false },
  { email: 'owner@demo.example.com', role: 'TENANT_OWNER', firstName: 'Olive', lastName: 'Owner', inTenant: true },
  { email: 'manager@demo.example.com', role: 'TENANT_MANAGER', firstName: 'Max', lastName: 'Manager', inTenant: true },
  { email: 'staff@demo.example.com', role: 'TENANT_STAFF', firstName: 'Alex', lastName: 'Staff', inTenant: true },
  { email: 'customer@demo.example.com', role: 'CUSTOMER', firstName: 'Casey', lastName: 'Customer', inTenant: true },
  { email: 'trial@demo.example.com', role: 'TENANT_MANAGER', firstName: 'Terry', lastName: 'Trial', inTenant: true, isTemporary: true },
];

/** 18 random bytes: 24 URL-safe characters, well past the 10-character minimum. */
function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}

export async function seedDemoUsers(database: Database, demoTenant: DemoTenantRef): Promise<SeededDemoUser[]> {
  const users = createUserService(createUserRepository(database.shared));
  const created: SeededDemoUser[] = [];
  for (const demo of DEMO_USERS) {
    const password = randomPassword();
    try {
      await users.createByOperator({
        email: demo.email,
        password,
        firstName: demo.firstName,
        lastName: demo.lastName,
        role: demo.role,
        tenantId: demo.inTenant ? demoTenant.tenantId : null,
        isTemporary: demo.isTemporary ?? false,
      });
    } catch (error) {
      // Seeded on an earlier run (or by a concurrent one): keep it as it is.
      if (error instanceof UserEmailTakenError) continue;
      throw error;
    }
    created.push({
      email: demo.email,
      password,
      role: demo.role,
      isTemporary: demo.isTemporary ?? false,
      loginHost: demo.inTenant ? demoTenant.domain : PLATFORM_LOGIN_HOST,
    });
  }
  return created;
}

/** The table the first run prints: email, password, role, where to log in. */
export function formatDemoUsers(users: readonly SeededDemoUser[], port?: number): string {
  const hostOf = (user: SeededDemoUser) => (port ? `${user.loginHost}:${port}` : user.loginHost);
  const rows = users.map((user) => [user.email, user.password, user.isTemporary ? `${user.role} (temporary)` : user.role, hostOf(user)]);
  const header = ['email', 'password', 'role', 'log in on'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `  ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}`.trimEnd();
  return [
    'Demo users (passwords are shown this once):',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
  ].join('\n');
}

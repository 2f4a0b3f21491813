import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigratedTestDatabase, type TestDatabase } from '@smoothschedule/db/testing';
import { runCli } from './run-cli.ts';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createMigratedTestDatabase();
});

afterAll(async () => {
  await testDb?.drop();
});

/** stdin is a pipe, not a terminal, as in CI or a script. */
function createSuperuser(...args: string[]) {
  return runCli('scripts/create-superuser.ts', args, testDb.url);
}

async function users(): Promise<Array<{ email: string; role: string; tenant_id: string | null; first_name: string; password_hash: string }>> {
  const client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
  try {
    return (await client.query('SELECT email, role, tenant_id, first_name, password_hash FROM public.users ORDER BY email')).rows;
  } finally {
    await client.end();
  }
}

describe('pnpm user:create-superuser', () => {
  it('creates a platform superuser with a hashed password', async () => {
    const result = createSuperuser('--email', ' Admin@Example.com', '--password', 'a long enough password', '--first-name', 'Ada');
    expect(result.output).toMatch(/Created superuser admin@example\.com \(id [0-9a-f-]{36}\)/);
    expect(result.code).toBe(0);
    const [user, ...others] = await users();
    expect(others).toEqual([]);
    expect(user).toMatchObject({ email: 'admin@example.com', role: 'SUPERUSER', tenant_id: null, first_name: 'Ada' });
    expect(user!.password_hash).toMatch(/^\$argon2id\$/);
    expect(result.output).not.toContain('a long enough password');
  });

  it('exits 1 with EMAIL_TAKEN for an email already used on the platform', async () => {
    const result = createSuperuser('--email', 'admin@example.com', '--password', 'another long password');
    expect(result.code).toBe(1);
    expect(result.output).toContain('EMAIL_TAKEN');
    expect(await users()).toHaveLength(1);
  });

  it.each([
    [['--email', 'not-an-email', '--password', 'a long enough password'], 'email'],
    [['--email', 'short@example.com', '--password', 'short'], 'password'],
    [['--email', 'long@example.com', '--password', 'p'.repeat(201)], 'password'],
    [['--email', 'x@example.com', '--password', 'a long enough password', '--first-name', ''], 'firstName'],
    [['--email', 'x@example.com', '--password', 'a long enough password', '--bogus'], 'bogus'],
  ])('exits 2 on bad input %j, naming %s, and creates nothing', async (args, named) => {
    const result = createSuperuser(...args);
    expect(result.code).toBe(2);
    expect(result.output).toContain(named);
    expect(await users()).toHaveLength(1);
  });

  it.each([
    [['--email', 'nopass@example.com'], '--password'],
    [['--password', 'a long enough password'], '--email'],
    [[], '--email, --password'],
  ])('without a terminal, exits 2 with usage when flags are missing (%j)', async (args, named) => {
    const result = createSuperuser(...args);
    expect(result.code).toBe(2);
    expect(result.output).toContain(`Missing ${named}`);
    expect(result.output).toContain('Usage: pnpm user:create-superuser');
    expect(await users()).toHaveLength(1);
  });
});

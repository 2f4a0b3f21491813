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

function tenantCreate(...args: string[]) {
  return runCli('scripts/tenant-create.ts', args, testDb.url);
}

async function tenantRows(): Promise<Array<{ schema_name: string; subscription_tier: string; is_demo: boolean }>> {
  const client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
  try {
    return (await client.query('SELECT schema_name, subscription_tier, is_demo FROM public.tenants ORDER BY schema_name')).rows;
  } finally {
    await client.end();
  }
}

describe('pnpm tenant:create', () => {
  it('provisions a tenant and says so', async () => {
    const result = tenantCreate('--name', 'Demo Company', '--schema', 'cli_demo', '--domain', 'cli-demo.localhost', '--tier', 'PROFESSIONAL', '--demo');
    expect(result.output).toMatch(/Created tenant "Demo Company" \(id [0-9a-f-]{36}, schema cli_demo, PROFESSIONAL\) on cli-demo\.localhost in \d+ ms/);
    expect(result.code).toBe(0);
    expect(await tenantRows()).toEqual([{ schema_name: 'cli_demo', subscription_tier: 'PROFESSIONAL', is_demo: true }]);
  });

  it('exits 1 with the error code when the schema is taken', async () => {
    const result = tenantCreate('--name', 'Again', '--schema', 'cli_demo', '--domain', 'other.localhost');
    expect(result.code).toBe(1);
    expect(result.output).toContain('SCHEMA_NAME_TAKEN');
  });

  it.each([
    [['--name', 'X', '--schema', 'public', '--domain', 'x.localhost'], 'schemaName'],
    [['--name', 'X', '--schema', 'cli_x', '--domain', 'x.localhost', '--tier', 'GOLD'], 'subscriptionTier'],
    [['--name', 'X', '--schema', 'cli_x', '--domain', 'not a host'], 'domain'],
    [['--name', 'X', '--schema', 'cli_x'], '--domain'],
    [['--name', 'X', '--schema', 'cli_x', '--domain', 'x.localhost', '--bogus'], 'bogus'],
  ])('exits 2 on bad input %j, naming %s, and creates nothing', async (args, named) => {
    const result = tenantCreate(...args);
    expect(result.code).toBe(2);
    expect(result.output).toContain(named);
    expect((await tenantRows()).map((row) => row.schema_name)).toEqual(['cli_demo']);
  });
});

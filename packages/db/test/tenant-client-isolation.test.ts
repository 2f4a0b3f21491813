import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/index.ts';
import { createTenantTestBed, type TenantTestBed } from '../src/testing/index.ts';

let bed: TenantTestBed;
let db: Database;

beforeAll(async () => {
  bed = await createTenantTestBed(['iso_alpha', 'iso_beta']);
  db = bed.db;
});

afterAll(() => bed?.close());

async function countIn(schema: string, table: string): Promise<number> {
  const result = await db.pool.query(`SELECT count(*)::int AS n FROM "${schema}"."${table}"`);
  return result.rows[0].n;
}

describe('a tenant-bound client', () => {
  it('writes into its own schema and nowhere else', async () => {
    const alpha = db.tenants.forSchema('iso_alpha');
    const created = await alpha.resource.create({ data: { name: 'Chair 1', type: 'EQUIPMENT' } });

    expect(await countIn('iso_alpha', 'resources')).toBe(1);
    expect(await countIn('iso_beta', 'resources')).toBe(0);
    const inPublic = await db.pool.query(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'resources'`,
    );
    expect(inPublic.rows[0].n).toBe(0);

    const beta = db.tenants.forSchema('iso_beta');
    expect(await beta.resource.findUnique({ where: { id: created.id } })).toBeNull();
    expect(await beta.resource.findMany()).toEqual([]);
    expect(await beta.resource.count()).toBe(0);
    expect(await alpha.resource.findUnique({ where: { id: created.id } })).toMatchObject({ name: 'Chair 1' });
  });

  it('runs hand-written SQL against its own schema and leaves the pooled connection clean', async () => {
    const alpha = db.tenants.forSchema('iso_alpha');
    const beta = db.tenants.forSchema('iso_beta');
    const alphaRows = await alpha.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM resources`;
    const betaRows = await beta.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM resources`;
    expect(alphaRows[0]!.n).toBe(await countIn('iso_alpha', 'resources'));
    expect(betaRows[0]!.n).toBe(0);
    // Shared tables are not on a tenant's search_path.
    await expect(alpha.$queryRaw`SELECT count(*) FROM tenants`).rejects.toThrow(/tenants/);

    const clients = await Promise.all(Array.from({ length: 4 }, () => db.pool.connect()));
    try {
      for (const client of clients) {
        const state = await client.query(
          `SELECT current_setting('search_path') AS path, now() = statement_timestamp() AS outside_transaction`,
        );
        expect(state.rows[0]).toEqual({ path: '"$user", public', outside_transaction: true });
      }
    } finally {
      clients.forEach((client) => client.release());
    }
  });

  it('refuses a hostile schema name before any SQL is sent', () => {
    for (const hostile of ['public', 'pg_catalog', 'x"; DROP SCHEMA public; --', 'Alpha', 'a', '_spare_0000000000000000']) {
      expect(() => db.tenants.forSchema(hostile)).toThrow(/Invalid schema name/);
    }
  });
});

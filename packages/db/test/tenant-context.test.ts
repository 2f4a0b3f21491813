import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MissingTenantContextError, type Database } from '../src/index.ts';
import { createTenantTestBed, type TenantTestBed } from '../src/testing/index.ts';

let bed: TenantTestBed;
let db: Database;

beforeAll(async () => {
  bed = await createTenantTestBed(['ctx_alpha', 'ctx_beta']);
  db = bed.db;
  for (const schemaName of ['ctx_alpha', 'ctx_beta']) {
    await db.tenants.forSchema(schemaName).resource.create({ data: { name: `${schemaName} room`, type: 'ROOM' } });
  }
});

afterAll(() => bed?.close());

const names = async () => (await db.tenants.client.resource.findMany()).map((row) => row.name);

describe('the contextual tenant client', () => {
  it('fails loudly outside a tenant context, for model operations and raw SQL alike', async () => {
    // Prisma wraps adapter errors; the code and message survive.
    const missing = { code: new MissingTenantContextError().code, message: expect.stringMatching(/outside a tenant context/) };
    await expect(db.tenants.client.resource.findMany()).rejects.toMatchObject(missing);
    await expect(db.tenants.client.$queryRaw`SELECT 1`).rejects.toMatchObject(missing);
  });

  it('follows the innermost context, across awaits and timers', async () => {
    await db.tenants.runInTenant('ctx_alpha', async () => {
      expect(await names()).toEqual(['ctx_alpha room']);
      await db.tenants.runInTenant('ctx_beta', async () => expect(await names()).toEqual(['ctx_beta room']));
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(await names()).toEqual(['ctx_alpha room']);
    });
  });

  it('keeps a transaction in the tenant it began in', async () => {
    const attempt = db.tenants.runInTenant('ctx_alpha', () =>
      db.tenants.client.$transaction(async (tx) => {
        await tx.resource.count();
        await db.tenants.runInTenant('ctx_beta', () => tx.resource.count());
      }));
    await expect(attempt).rejects.toMatchObject({ code: 'CROSS_TENANT_TRANSACTION' });
  });

  it('rolls back everything when an interactive transaction fails', async () => {
    const attempt = db.tenants.runInTenant('ctx_alpha', () =>
      db.tenants.client.$transaction(async (tx) => {
        await tx.resource.create({ data: { name: 'temporary', type: 'ROOM' } });
        await tx.$executeRaw`SELECT 1 / 0`;
      }));
    await expect(attempt).rejects.toThrow(/division by zero/);
    expect(await db.tenants.runInTenant('ctx_alpha', names)).toEqual(['ctx_alpha room']);
  });

  it('withTenant and runInTenant run even an unawaited Prisma promise inside the context', async () => {
    expect(await db.tenants.withTenant({ schemaName: 'ctx_beta' }, (tenantDb) => tenantDb.resource.count())).toBe(1);
    expect(await db.tenants.runInTenant('ctx_alpha', () => db.tenants.client.resource.findMany()))
      .toEqual([expect.objectContaining({ name: 'ctx_alpha room' })]);
    expect(() => db.tenants.runInTenant('Not A Schema', () => 1)).toThrow(/Invalid schema name/);
  });

  it('enterTenantScope hands the context to everything the callback starts', async () => {
    const seen = await new Promise<string[]>((resolve, reject) => {
      db.tenants.enterTenantScope('ctx_beta', () => {
        setImmediate(() => names().then(resolve, reject));
      });
    });
    expect(seen).toEqual(['ctx_beta room']);
  });
});

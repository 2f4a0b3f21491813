import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaClient } from '../generated/tenant/client.ts';
import type { TenantClient } from '../tenant-client/tenant-client-factory.ts';

/**
 * The baseline of the tenancy benchmark: an ordinary Prisma client compiled for one fixed schema, with none of
 * the tenant machinery. Never used to serve tenants.
 */
export function createStaticTenantClient(pool: pg.Pool, schemaName: string): TenantClient {
  return new PrismaClient({ adapter: new PrismaPg(pool, { schema: schemaName }) });
}

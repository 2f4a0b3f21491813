import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaClient } from './generated/shared/client.ts';

/** The client for the platform's own tables in the public schema. */
export type SharedClient = PrismaClient;

export function createSharedClient(pool: pg.Pool): SharedClient {
  return new PrismaClient({ adapter: new PrismaPg(pool, { schema: 'public' }) });
}

/** The customers table. The tenant client comes in as an argument. */
import type { TenantClient, TenantPrisma } from '@smoothschedule/db';
import { isUniqueViolation } from '../prisma-errors.ts';
import { CustomerUserTakenError } from '../scheduling-errors.ts';

export interface CustomerWrite {
  userId?: string | null;
  name?: string;
  email?: string | null;
  phone?: string | null;
  notes?: string;
  status?: 'ACTIVE' | 'INACTIVE' | 'BLOCKED';
  tags?: string[];
}

async function mapUserConflict<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    // The only unique index on customers besides the primary key: one record per login.
    if (isUniqueViolation(error)) throw new CustomerUserTakenError();
    throw error;
  }
}

export type CustomerRepository = ReturnType<typeof createCustomerRepository>;

export function createCustomerRepository(db: TenantClient) {
  return {
    list(where: TenantPrisma.CustomerWhereInput, orderBy: TenantPrisma.CustomerOrderByWithRelationInput[], take: number) {
      return db.customer.findMany({ where, orderBy, take });
    },
    findById(id: string) {
      return db.customer.findUnique({ where: { id } });
    },
    findByUserId(userId: string) {
      return db.customer.findUnique({ where: { userId } });
    },
    create(data: CustomerWrite & { name: string }) {
      return mapUserConflict(db.customer.create({ data }));
    },
    update(id: string, data: CustomerWrite) {
      return mapUserConflict(db.customer.update({ where: { id }, data }));
    },
    delete(id: string) {
      return db.customer.delete({ where: { id } });
    },
  };
}

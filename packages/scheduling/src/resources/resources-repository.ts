/** The resources table. Only this file touches Prisma for resources; the tenant client comes in as an argument. */
import type { TenantClient, TenantPrisma } from '@smoothschedule/db';
import { assertResourceLimit, type SubscriptionTier } from '../tier-limits.ts';

export interface ResourceWrite {
  name?: string;
  type?: 'STAFF' | 'ROOM' | 'EQUIPMENT';
  userId?: string | null;
  isActive?: boolean;
}

export type ResourceRepository = ReturnType<typeof createResourceRepository>;

export function createResourceRepository(db: TenantClient) {
  return {
    list(where: TenantPrisma.ResourceWhereInput, orderBy: TenantPrisma.ResourceOrderByWithRelationInput[], take: number) {
      return db.resource.findMany({ where, orderBy, take });
    },

    findById(id: string) {
      return db.resource.findUnique({ where: { id } });
    },

    /** Counted and inserted in one transaction under the tenant's resource-limit lock. */
    createWithinLimit(data: Required<Pick<ResourceWrite, 'name' | 'type'>> & ResourceWrite, tier: SubscriptionTier) {
      return db.$transaction(async (tx) => {
        await assertResourceLimit(tx, tier);
        return tx.resource.create({ data });
      });
    },

    update(id: string, data: ResourceWrite) {
      return db.resource.update({ where: { id }, data });
    },

    delete(id: string) {
      return db.resource.delete({ where: { id } });
    },
  };
}

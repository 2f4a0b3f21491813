/** The blockers table (time off per resource). The tenant client comes in as an argument. */
import type { TenantClient, TenantPrisma } from '@smoothschedule/db';

export interface BlockerWrite {
  resourceId?: string;
  startsAt?: Date;
  endsAt?: Date;
  title?: string;
}

export function createBlockerRepository(db: TenantClient) {
  return {
    list(where: TenantPrisma.BlockerWhereInput, orderBy: TenantPrisma.BlockerOrderByWithRelationInput[], take: number) {
      return db.blocker.findMany({ where, orderBy, take });
    },
    findById(id: string) {
      return db.blocker.findUnique({ where: { id }, include: { resource: { select: { userId: true } } } });
    },
    resourceOwner(resourceId: string) {
      return db.resource.findUnique({ where: { id: resourceId }, select: { id: true, userId: true } });
    },
    create(data: Required<BlockerWrite>) {
      return db.blocker.create({ data });
    },
    update(id: string, data: BlockerWrite) {
      return db.blocker.update({ where: { id }, data });
    },
    delete(id: string) {
      return db.blocker.delete({ where: { id } });
    },
  };
}

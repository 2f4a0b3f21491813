/** The services table and its service_resources links. The tenant client comes in as an argument. */
import type { TenantClient, TenantPrisma } from '@smoothschedule/db';

export interface ServiceWrite {
  name?: string;
  description?: string;
  durationMinutes?: number;
  priceCents?: number;
  bufferMinutes?: number;
  isActive?: boolean;
  /** Replaces the whole set when given. */
  resourceIds?: string[];
}

const WITH_RESOURCES = { resources: { select: { resourceId: true }, orderBy: { resourceId: 'asc' } } } as const;

export type ServiceRepository = ReturnType<typeof createServiceRepository>;

export function createServiceRepository(db: TenantClient) {
  return {
    list(where: TenantPrisma.ServiceWhereInput, orderBy: TenantPrisma.ServiceOrderByWithRelationInput[], take: number) {
      return db.service.findMany({ where, orderBy, take, include: WITH_RESOURCES });
    },

    findById(id: string) {
      return db.service.findUnique({ where: { id }, include: WITH_RESOURCES });
    },

    /** The ids among `ids` that are resources of this tenant. */
    async existingResourceIds(ids: string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await db.resource.findMany({ where: { id: { in: ids } }, select: { id: true } });
      return new Set(rows.map((row) => row.id));
    },

    create({ resourceIds = [], ...data }: ServiceWrite & { name: string; durationMinutes: number }) {
      return db.service.create({
        data: { ...data, resources: { create: resourceIds.map((resourceId) => ({ resourceId })) } },
        include: WITH_RESOURCES,
      });
    },

    update(id: string, { resourceIds, ...data }: ServiceWrite) {
      return db.service.update({
        where: { id },
        data: {
          ...data,
          ...(resourceIds === undefined ? {} : { resources: { deleteMany: {}, create: resourceIds.map((resourceId) => ({ resourceId })) } }),
        },
        include: WITH_RESOURCES,
      });
    },

    delete(id: string) {
      return db.service.delete({ where: { id } });
    },
  };
}

export type ServiceRecord = NonNullable<Awaited<ReturnType<ServiceRepository['findById']>>>;

/** The tenant's media rows, through the tenant-bound client it is given: another tenant's rows are unreachable. */
import type { TenantClient } from '@smoothschedule/db';

export type MediaKind = 'TENANT_LOGO' | 'RESOURCE_PHOTO';

export interface MediaRow {
  id: string;
  kind: MediaKind;
  resourceId: string | null;
  objectKey: string;
  contentType: string;
  sizeBytes: number;
  originalName: string | null;
  uploadedById: string | null;
  createdAt: Date;
}

export function createMediaRepository(db: TenantClient) {
  return {
    create(row: Omit<MediaRow, 'createdAt'>): Promise<MediaRow> {
      return db.media.create({ data: row });
    },
    findById(id: string): Promise<MediaRow | null> {
      return db.media.findUnique({ where: { id } });
    },
    list(filter: { kind?: MediaKind; resourceId?: string }, take: number): Promise<MediaRow[]> {
      return db.media.findMany({ where: filter, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take });
    },
    async delete(id: string): Promise<void> {
      await db.media.deleteMany({ where: { id } });
    },
    async resourceExists(id: string): Promise<boolean> {
      return (await db.resource.count({ where: { id } })) > 0;
    },
  };
}

export type MediaRepository = ReturnType<typeof createMediaRepository>;

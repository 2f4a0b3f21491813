/**
 * Media (SPEC §10): uploads of a tenant's logo and resource photos, reads after an ownership check, deletion.
 *
 * Who may upload (the permission model decides, from the tenant capabilities):
 * - a logo is the business's branding, a tenant setting: `tenant.settings` (TENANT_OWNER; platform roles within
 *   their reach);
 * - a resource photo belongs with the resources: `resources.manage` (TENANT_OWNER, TENANT_MANAGER; platform roles
 *   within their reach).
 * Deleting needs what uploading that kind needs. Reading needs only a user of this tenant's host (tokens are bound
 * to their tenant), since the booking side shows logos and photos to customers too.
 *
 * The type comes from the bytes (image-sniffing.ts); the key from object-key.ts; the row from the tenant-bound
 * client, so another tenant's media answers 404 whatever id is asked for.
 */
import { randomUUID } from 'node:crypto';
import { can, type Principal, type TenantCapability } from '@smoothschedule/auth';
import type { TenantContext } from '@smoothschedule/tenancy';
import { ALLOWED_IMAGE_TYPES, sniffImageType } from './image-sniffing.ts';
import type { MediaKind, MediaRepository, MediaRow } from './media-repository.ts';
import { isTenantObjectKey, tenantObjectKey, tenantPrefix } from './object-key.ts';
import type { ObjectAccess, ObjectStore } from './object-store.ts';
import {
  EmptyFileError,
  MediaNotFoundError,
  MediaPermissionDeniedError,
  ResourceNotFoundError,
  UnsupportedMediaTypeError,
} from './storage-errors.ts';

export const UPLOAD_CAPABILITY: Readonly<Record<MediaKind, TenantCapability>> = {
  TENANT_LOGO: 'tenant.settings',
  RESOURCE_PHOTO: 'resources.manage',
};

export interface MediaItem {
  id: string;
  kind: MediaKind;
  resourceId: string | null;
  contentType: string;
  sizeBytes: number;
  originalName: string | null;
  createdAt: string;
}

export function toMediaItem(row: MediaRow): MediaItem {
  return {
    id: row.id,
    kind: row.kind,
    resourceId: row.resourceId,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    originalName: row.originalName,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The client's file name as metadata only (it never reaches a key): its last path part, printable, bounded. */
export function cleanOriginalName(name: string | undefined): string | null {
  if (!name) return null;
  const last = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return last.length > 0 ? last.slice(0, 200) : null;
}

export interface UploadInput {
  kind: MediaKind;
  resourceId?: string;
  bytes: Buffer;
  originalName?: string;
}

export function createMediaService(store: ObjectStore) {
  return {
    /** Throws unless the principal may upload (and delete) media of this kind in this tenant. */
    authorize(principal: Principal, tenant: TenantContext, kind: MediaKind): void {
      const decision = can(principal, UPLOAD_CAPABILITY[kind], { tenantId: tenant.id, tenantIsDemo: tenant.isDemo });
      if (decision.allowed) return;
      throw decision.status === 404 ? new MediaNotFoundError() : new MediaPermissionDeniedError(decision.reason);
    },

    async upload(principal: Principal, tenant: TenantContext, media: MediaRepository, input: UploadInput): Promise<MediaItem> {
      this.authorize(principal, tenant, input.kind);
      if (input.bytes.length === 0) throw new EmptyFileError();
      const type = sniffImageType(input.bytes);
      if (!type) throw new UnsupportedMediaTypeError(ALLOWED_IMAGE_TYPES.join(', '));
      const resourceId = input.kind === 'RESOURCE_PHOTO' ? input.resourceId ?? null : null;
      if (input.kind === 'RESOURCE_PHOTO' && (!resourceId || !(await media.resourceExists(resourceId)))) {
        throw new ResourceNotFoundError();
      }
      const id = randomUUID();
      const objectKey = tenantObjectKey(tenant.id, 'media', `${id}.${type.extension}`);
      await store.put(objectKey, input.bytes, type.contentType);
      try {
        const row = await media.create({
          id,
          kind: input.kind,
          resourceId,
          objectKey,
          contentType: type.contentType,
          sizeBytes: input.bytes.length,
          originalName: cleanOriginalName(input.originalName),
          uploadedById: principal.userId,
        });
        return toMediaItem(row);
      } catch (error) {
        // No row, no object: an object nobody can name would only be found by the tenant purge.
        await store.delete(objectKey).catch(() => undefined);
        throw error;
      }
    },

    /** The media's bytes or URL; 404 if the row is not this tenant's or its key is not under this tenant. */
    async open(tenant: TenantContext, media: MediaRepository, id: string): Promise<{ item: MediaItem; access: ObjectAccess }> {
      const row = await media.findById(id);
      // The second check is defence in depth: the tenant-bound client already hides other tenants' rows.
      if (!row || !isTenantObjectKey(tenant.id, row.objectKey)) throw new MediaNotFoundError();
      const access = await store.access(row.objectKey, { contentType: row.contentType });
      if (!access) throw new MediaNotFoundError();
      return { item: toMediaItem(row), access };
    },

    async list(media: MediaRepository, filter: { kind?: MediaKind; resourceId?: string }, limit: number): Promise<MediaItem[]> {
      return (await media.list(filter, limit)).map(toMediaItem);
    },

    /** Object first, then the row: if the object cannot be removed, the row stays and the delete can be retried. */
    async delete(principal: Principal, tenant: TenantContext, media: MediaRepository, id: string): Promise<void> {
      const row = await media.findById(id);
      if (!row || !isTenantObjectKey(tenant.id, row.objectKey)) throw new MediaNotFoundError();
      this.authorize(principal, tenant, row.kind);
      await store.delete(row.objectKey);
      await media.delete(id);
    },
  };
}

export type MediaService = ReturnType<typeof createMediaService>;

/** For the platform's tenant deletion: every object of the tenant goes. */
export function purgeTenantObjects(store: ObjectStore) {
  return async (tenant: { id: string }): Promise<void> => {
    await store.deletePrefix(tenantPrefix(tenant.id));
  };
}

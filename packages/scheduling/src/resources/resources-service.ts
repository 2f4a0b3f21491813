/**
 * Resources (SPEC §7): staff, rooms, equipment. Everyone on the tenant's host reads the active ones (a booking
 * page needs them); the schedule's readers also see inactive ones; managers and up change them. Creating one
 * counts against the tier's resource limit. A resource with appointments is deactivated, not deleted.
 */
import { afterCursor, allOf, orderOf, pageOf, type SortField } from '../http/pagination.ts';
import { isForeignKeyViolation, isRecordMissing } from '../prisma-errors.ts';
import { scheduleReadScope } from '../scheduling-access.ts';
import type { SchedulingContext, TenantUserDirectory } from '../scheduling-context.ts';
import { fieldError, InUseError, ResourceNotFoundError } from '../scheduling-errors.ts';
import { createResourceRepository, type ResourceWrite } from './resources-repository.ts';

const SORT: SortField[] = [{ field: 'createdAt', kind: 'date' }];
/** Roles a resource's userId may name: the people who work in the business. */
const RESOURCE_USER_ROLES = ['TENANT_OWNER', 'TENANT_MANAGER', 'TENANT_STAFF'];

export interface ResourceListQuery {
  limit: number;
  cursor?: string;
  type?: 'STAFF' | 'ROOM' | 'EQUIPMENT';
  isActive?: boolean;
  userId?: string;
}

export function createResourcesService(users: TenantUserDirectory) {
  const seesInactive = (ctx: SchedulingContext) => scheduleReadScope(ctx.principal, ctx.tenant).kind === 'all';

  async function checkUser(ctx: SchedulingContext, userId: string | null | undefined) {
    if (userId === undefined || userId === null) return;
    const role = await users.roleOf(ctx.tenant.id, userId);
    if (role === null || !RESOURCE_USER_ROLES.includes(role)) {
      throw fieldError('body', 'userId', 'must be a staff user (owner, manager or staff) of this tenant');
    }
  }

  async function load(ctx: SchedulingContext, id: string) {
    const resource = await createResourceRepository(ctx.db).findById(id);
    if (!resource || (!resource.isActive && !seesInactive(ctx))) throw new ResourceNotFoundError();
    return resource;
  }

  return {
    async list(ctx: SchedulingContext, query: ResourceListQuery) {
      const filter = {
        type: query.type,
        userId: query.userId,
        isActive: seesInactive(ctx) ? query.isActive : true,
      };
      const rows = await createResourceRepository(ctx.db).list(
        allOf(filter, afterCursor(query.cursor, SORT)),
        orderOf(SORT),
        query.limit + 1,
      );
      return pageOf(rows, query.limit, SORT);
    },

    get: load,

    async create(ctx: SchedulingContext, input: Required<Pick<ResourceWrite, 'name' | 'type'>> & ResourceWrite) {
      await checkUser(ctx, input.userId);
      return createResourceRepository(ctx.db).createWithinLimit(input, ctx.tenant.subscriptionTier);
    },

    async update(ctx: SchedulingContext, id: string, input: ResourceWrite) {
      await load(ctx, id);
      await checkUser(ctx, input.userId);
      try {
        return await createResourceRepository(ctx.db).update(id, input);
      } catch (error) {
        if (isRecordMissing(error)) throw new ResourceNotFoundError();
        throw error;
      }
    },

    async delete(ctx: SchedulingContext, id: string) {
      await load(ctx, id);
      try {
        await createResourceRepository(ctx.db).delete(id);
      } catch (error) {
        if (isForeignKeyViolation(error)) throw new InUseError('The resource has appointments; deactivate it (isActive: false) instead');
        if (isRecordMissing(error)) throw new ResourceNotFoundError();
        throw error;
      }
    },
  };
}

export type ResourcesService = ReturnType<typeof createResourcesService>;


/**
 * Services (SPEC §7): what can be booked, how long it takes, its buffer, and which resources deliver it. Read
 * like resources (active ones by everyone on the host); managers and up change them.
 */
import { afterCursor, allOf, orderOf, pageOf, type SortField } from '../http/pagination.ts';
import { isForeignKeyViolation, isRecordMissing } from '../prisma-errors.ts';
import { scheduleReadScope } from '../scheduling-access.ts';
import type { SchedulingContext } from '../scheduling-context.ts';
import { fieldError, InUseError, ServiceNotFoundError } from '../scheduling-errors.ts';
import { createServiceRepository, type ServiceWrite } from './services-repository.ts';

const SORT: SortField[] = [{ field: 'createdAt', kind: 'date' }];

export interface ServiceListQuery {
  limit: number;
  cursor?: string;
  isActive?: boolean;
  resourceId?: string;
}

export function createServicesService() {
  const seesInactive = (ctx: SchedulingContext) => scheduleReadScope(ctx.principal, ctx.tenant).kind === 'all';

  async function checkResources(ctx: SchedulingContext, ids: string[] | undefined) {
    if (ids === undefined) return;
    const existing = await createServiceRepository(ctx.db).existingResourceIds(ids);
    const unknown = ids.filter((id) => !existing.has(id));
    if (unknown.length > 0) throw fieldError('body', 'resourceIds', `names no resource of this tenant: ${unknown.join(', ')}`);
  }

  async function load(ctx: SchedulingContext, id: string) {
    const service = await createServiceRepository(ctx.db).findById(id);
    if (!service || (!service.isActive && !seesInactive(ctx))) throw new ServiceNotFoundError();
    return service;
  }

  return {
    async list(ctx: SchedulingContext, query: ServiceListQuery) {
      const filter = {
        isActive: seesInactive(ctx) ? query.isActive : true,
        ...(query.resourceId ? { resources: { some: { resourceId: query.resourceId } } } : {}),
      };
      const rows = await createServiceRepository(ctx.db).list(allOf(filter, afterCursor(query.cursor, SORT)), orderOf(SORT), query.limit + 1);
      return pageOf(rows, query.limit, SORT);
    },

    get: load,

    async create(ctx: SchedulingContext, input: ServiceWrite & { name: string; durationMinutes: number }) {
      await checkResources(ctx, input.resourceIds);
      return createServiceRepository(ctx.db).create(input);
    },

    async update(ctx: SchedulingContext, id: string, input: ServiceWrite) {
      await load(ctx, id);
      await checkResources(ctx, input.resourceIds);
      try {
        return await createServiceRepository(ctx.db).update(id, input);
      } catch (error) {
        if (isRecordMissing(error)) throw new ServiceNotFoundError();
        throw error;
      }
    },

    async delete(ctx: SchedulingContext, id: string) {
      await load(ctx, id);
      try {
        await createServiceRepository(ctx.db).delete(id);
      } catch (error) {
        if (isForeignKeyViolation(error)) throw new InUseError('The service has appointments; deactivate it (isActive: false) instead');
        if (isRecordMissing(error)) throw new ServiceNotFoundError();
        throw error;
      }
    },
  };
}

export type ServicesService = ReturnType<typeof createServicesService>;

/**
 * Blockers (SPEC §7): time off per resource; no appointment may start inside one. The schedule's readers see
 * them all; managers and up change any; a staff member changes only those of a resource that is theirs
 * (resource.userId), anything else is a 403 (they can see it, they may not touch it).
 */
import { PermissionDeniedError } from '@smoothschedule/auth';
import { afterCursor, allOf, orderOf, pageOf, type SortField } from '../http/pagination.ts';
import { isRecordMissing } from '../prisma-errors.ts';
import { blockerWriteScope } from '../scheduling-access.ts';
import type { SchedulingContext } from '../scheduling-context.ts';
import { BlockerNotFoundError, fieldError } from '../scheduling-errors.ts';
import { createBlockerRepository, type BlockerWrite } from './blockers-repository.ts';

const SORT: SortField[] = [{ field: 'startsAt', kind: 'date' }];
/** Longer than a year is a mistake (a wrong year typed), not time off. */
const MAX_BLOCKER_MS = 366 * 24 * 60 * 60 * 1000;

export interface BlockerListQuery {
  limit: number;
  cursor?: string;
  resourceId?: string;
  from?: Date;
  to?: Date;
}

export function createBlockersService() {
  /** The resource must exist (400 otherwise) and be one the caller may block (403 otherwise). */
  async function checkResource(ctx: SchedulingContext, resourceId: string) {
    const resource = await createBlockerRepository(ctx.db).resourceOwner(resourceId);
    if (!resource) throw fieldError('body', 'resourceId', 'names no resource of this tenant');
    assertMayWrite(ctx, resource.userId);
  }

  function assertMayWrite(ctx: SchedulingContext, resourceUserId: string | null) {
    const scope = blockerWriteScope(ctx.principal, ctx.tenant);
    if (scope.kind === 'all') return;
    if (scope.kind === 'own-resource' && resourceUserId === scope.userId) return;
    throw new PermissionDeniedError('You may change only the blockers of your own resource');
  }

  function checkRange(startsAt: Date, endsAt: Date) {
    if (endsAt <= startsAt) throw fieldError('body', 'endsAt', 'must be later than startsAt');
    if (endsAt.getTime() - startsAt.getTime() > MAX_BLOCKER_MS) throw fieldError('body', 'endsAt', 'must be at most 366 days after startsAt');
  }

  async function load(ctx: SchedulingContext, id: string) {
    const blocker = await createBlockerRepository(ctx.db).findById(id);
    if (!blocker) throw new BlockerNotFoundError();
    return blocker;
  }

  return {
    async list(ctx: SchedulingContext, query: BlockerListQuery) {
      if (query.from && query.to && query.to <= query.from) throw fieldError('querystring', 'to', 'must be later than from');
      const filter = {
        resourceId: query.resourceId,
        ...(query.to ? { startsAt: { lt: query.to } } : {}),
        ...(query.from ? { endsAt: { gt: query.from } } : {}),
      };
      const rows = await createBlockerRepository(ctx.db).list(allOf(filter, afterCursor(query.cursor, SORT)), orderOf(SORT), query.limit + 1);
      return pageOf(rows, query.limit, SORT);
    },

    get: load,

    async create(ctx: SchedulingContext, input: Required<BlockerWrite>) {
      checkRange(input.startsAt, input.endsAt);
      await checkResource(ctx, input.resourceId);
      return createBlockerRepository(ctx.db).create(input);
    },

    async update(ctx: SchedulingContext, id: string, input: BlockerWrite) {
      const before = await load(ctx, id);
      assertMayWrite(ctx, before.resource.userId);
      checkRange(input.startsAt ?? before.startsAt, input.endsAt ?? before.endsAt);
      if (input.resourceId !== undefined && input.resourceId !== before.resourceId) await checkResource(ctx, input.resourceId);
      try {
        return await createBlockerRepository(ctx.db).update(id, input);
      } catch (error) {
        if (isRecordMissing(error)) throw new BlockerNotFoundError();
        throw error;
      }
    },

    async delete(ctx: SchedulingContext, id: string) {
      const before = await load(ctx, id);
      assertMayWrite(ctx, before.resource.userId);
      try {
        await createBlockerRepository(ctx.db).delete(id);
      } catch (error) {
        if (isRecordMissing(error)) throw new BlockerNotFoundError();
        throw error;
      }
    },
  };
}

export type BlockersService = ReturnType<typeof createBlockersService>;

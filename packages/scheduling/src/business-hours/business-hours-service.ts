/**
 * Business hours (SPEC §7): opening shifts per day of the week (0 = Monday), "HH:MM" local time in the tenant's
 * timezone, several a day (split shifts). Shifts of one day may not overlap, so that every free start time is
 * counted once. Everyone on the host reads them; managers and up change them.
 */
import { afterCursor, allOf, orderOf, pageOf, type SortField } from '../http/pagination.ts';
import { isRecordMissing } from '../prisma-errors.ts';
import type { SchedulingContext } from '../scheduling-context.ts';
import { BusinessHoursNotFoundError, fieldError } from '../scheduling-errors.ts';
import { createBusinessHoursRepository, type BusinessHoursWrite } from './business-hours-repository.ts';

const SORT: SortField[] = [{ field: 'dayOfWeek', kind: 'number' }, { field: 'opensAt', kind: 'string' }];

export interface BusinessHoursListQuery {
  limit: number;
  cursor?: string;
  dayOfWeek?: number;
}

export function createBusinessHoursService() {
  async function checkShift(ctx: SchedulingContext, shift: Required<BusinessHoursWrite>, exceptId?: string) {
    // "HH:MM" strings of equal width compare like the times they name; 24:00 sorts last.
    if (shift.opensAt >= shift.closesAt) throw fieldError('body', 'closesAt', 'must be later than opensAt');
    const sameDay = await createBusinessHoursRepository(ctx.db).forDay(shift.dayOfWeek);
    const overlapping = sameDay.find((other) => other.id !== exceptId && other.opensAt < shift.closesAt && shift.opensAt < other.closesAt);
    if (overlapping) {
      throw fieldError('body', 'opensAt', `overlaps the shift ${overlapping.opensAt}–${overlapping.closesAt} of the same day`);
    }
  }

  async function load(ctx: SchedulingContext, id: string) {
    const row = await createBusinessHoursRepository(ctx.db).findById(id);
    if (!row) throw new BusinessHoursNotFoundError();
    return row;
  }

  return {
    async list(ctx: SchedulingContext, query: BusinessHoursListQuery) {
      const rows = await createBusinessHoursRepository(ctx.db).list(
        allOf({ dayOfWeek: query.dayOfWeek }, afterCursor(query.cursor, SORT)),
        orderOf(SORT),
        query.limit + 1,
      );
      return pageOf(rows, query.limit, SORT);
    },

    get: load,

    async create(ctx: SchedulingContext, input: Required<BusinessHoursWrite>) {
      await checkShift(ctx, input);
      return createBusinessHoursRepository(ctx.db).create(input);
    },

    async update(ctx: SchedulingContext, id: string, input: BusinessHoursWrite) {
      const before = await load(ctx, id);
      await checkShift(ctx, {
        dayOfWeek: input.dayOfWeek ?? before.dayOfWeek,
        opensAt: input.opensAt ?? before.opensAt,
        closesAt: input.closesAt ?? before.closesAt,
      }, id);
      try {
        return await createBusinessHoursRepository(ctx.db).update(id, input);
      } catch (error) {
        if (isRecordMissing(error)) throw new BusinessHoursNotFoundError();
        throw error;
      }
    },

    async delete(ctx: SchedulingContext, id: string) {
      await load(ctx, id);
      try {
        await createBusinessHoursRepository(ctx.db).delete(id);
      } catch (error) {
        if (isRecordMissing(error)) throw new BusinessHoursNotFoundError();
        throw error;
      }
    },
  };
}

export type BusinessHoursService = ReturnType<typeof createBusinessHoursService>;

/**
 * Customers (SPEC §7). The schedule's readers see every customer; managers and up change them; a CUSTOMER sees
 * and edits only their own record (name, email, phone) and creates it once, linked to their login. Another
 * customer's record does not exist for a customer (404).
 */
import { PermissionDeniedError } from '@smoothschedule/auth';
import { afterCursor, allOf, orderOf, pageOf, type SortField } from '../http/pagination.ts';
import { isForeignKeyViolation, isRecordMissing } from '../prisma-errors.ts';
import { holds } from '../scheduling-access.ts';
import type { SchedulingContext, TenantUserDirectory } from '../scheduling-context.ts';
import { CustomerNotFoundError, CustomerProfileExistsError, fieldError, InUseError } from '../scheduling-errors.ts';
import { createCustomerRepository, type CustomerWrite } from './customers-repository.ts';

const SORT: SortField[] = [{ field: 'createdAt', kind: 'date' }];
/** What a customer may set on their own record; status, notes, tags and the link are the business's. */
const SELF_SERVICE_FIELDS = new Set(['name', 'email', 'phone']);

export interface CustomerListQuery {
  limit: number;
  cursor?: string;
  status?: 'ACTIVE' | 'INACTIVE' | 'BLOCKED';
  search?: string;
  tag?: string;
  userId?: string;
}

/** The customer's own-data view, or null for callers who see every customer. */
function ownUserId(ctx: SchedulingContext): string | null {
  if (holds(ctx.principal, ctx.tenant, 'schedule.read') || holds(ctx.principal, ctx.tenant, 'customers.manage')) return null;
  if (ctx.principal === null) throw new PermissionDeniedError('Customers are not public');
  return ctx.principal.userId;
}

function assertSelfServiceFields(input: CustomerWrite) {
  const others = Object.entries(input).filter(([field, value]) => value !== undefined && !SELF_SERVICE_FIELDS.has(field));
  if (others.length > 0) {
    throw new PermissionDeniedError(`Customers may set only name, email and phone on their record, not ${others.map(([field]) => field).join(', ')}`);
  }
}

export function createCustomersService(users: TenantUserDirectory) {
  async function checkUser(ctx: SchedulingContext, userId: string | null | undefined) {
    if (userId === undefined || userId === null) return;
    if ((await users.roleOf(ctx.tenant.id, userId)) !== 'CUSTOMER') {
      throw fieldError('body', 'userId', 'must be a CUSTOMER user of this tenant');
    }
  }

  async function load(ctx: SchedulingContext, id: string) {
    const customer = await createCustomerRepository(ctx.db).findById(id);
    const own = ownUserId(ctx);
    if (!customer || (own !== null && customer.userId !== own)) throw new CustomerNotFoundError();
    return customer;
  }

  return {
    async list(ctx: SchedulingContext, query: CustomerListQuery) {
      const own = ownUserId(ctx);
      const search = query.search?.trim();
      const filter = {
        status: query.status,
        userId: own ?? query.userId,
        ...(query.tag ? { tags: { has: query.tag } } : {}),
        ...(search
          ? { OR: [{ name: { contains: search, mode: 'insensitive' as const } }, { email: { contains: search, mode: 'insensitive' as const } }] }
          : {}),
      };
      const rows = await createCustomerRepository(ctx.db).list(allOf(filter, afterCursor(query.cursor, SORT)), orderOf(SORT), query.limit + 1);
      return pageOf(rows, query.limit, SORT);
    },

    get: load,

    async create(ctx: SchedulingContext, input: CustomerWrite & { name: string }) {
      const own = ownUserId(ctx);
      const repository = createCustomerRepository(ctx.db);
      if (own !== null) {
        assertSelfServiceFields(input);
        if (await repository.findByUserId(own)) throw new CustomerProfileExistsError();
        return repository.create({ ...input, userId: own, email: input.email ?? ctx.principal?.email ?? null });
      }
      await checkUser(ctx, input.userId);
      return repository.create(input);
    },

    async update(ctx: SchedulingContext, id: string, input: CustomerWrite) {
      await load(ctx, id);
      if (ownUserId(ctx) !== null) assertSelfServiceFields(input);
      await checkUser(ctx, input.userId);
      try {
        return await createCustomerRepository(ctx.db).update(id, input);
      } catch (error) {
        if (isRecordMissing(error)) throw new CustomerNotFoundError();
        throw error;
      }
    },

    async delete(ctx: SchedulingContext, id: string) {
      await load(ctx, id);
      try {
        await createCustomerRepository(ctx.db).delete(id);
      } catch (error) {
        if (isForeignKeyViolation(error)) throw new InUseError('The customer has appointments; set status INACTIVE instead');
        if (isRecordMissing(error)) throw new CustomerNotFoundError();
        throw error;
      }
    },
  };
}

export type CustomersService = ReturnType<typeof createCustomersService>;

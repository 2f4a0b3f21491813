/**
 * Appointments (SPEC §7): booking, rescheduling, status changes, listing. Who may touch which appointment:
 * managers and up any; staff those of their own resource (they read the whole schedule, so another's is 403);
 * customers their own (another's does not exist for them: 404), booking only for themselves and cancelling
 * only before the tenant's cancellation window. Lifecycle events are published after the change committed.
 */
import { PermissionDeniedError } from '@smoothschedule/auth';
import type { AppointmentEventBus, AppointmentEventType } from '../appointment-events.ts';
import { afterCursor, allOf, orderOf, pageOf, type SortField } from '../http/pagination.ts';
import { isRecordMissing, isUniqueViolation } from '../prisma-errors.ts';
import { appointmentWriteScope, scheduleReadScope } from '../scheduling-access.ts';
import type { SchedulingContext } from '../scheduling-context.ts';
import {
  AppointmentClosedError,
  AppointmentNotFoundError,
  CancellationWindowPassedError,
  CustomerProfileRequiredError,
  fieldError,
} from '../scheduling-errors.ts';
import { createSettingsRepository } from '../settings/settings-repository.ts';
import { toAppointmentDto, type AppointmentDto, type AppointmentStatusName } from './appointment-dto.ts';
import { assertTransition, EVENT_OF_STATUS, isOpen } from './appointment-transitions.ts';
import { createAppointmentRepository, type AppointmentChanges, type AppointmentRecord } from './appointments-repository.ts';
import type { BookingRules } from './booking-rules.ts';
import { IDEMPOTENCY_KEY_TTL_MS, replayOf, requestHash } from './idempotency.ts';

const SORT: SortField[] = [{ field: 'startsAt', kind: 'date' }];
const MINUTE_MS = 60_000;

export interface AppointmentListQuery {
  limit: number;
  cursor?: string;
  from?: Date;
  to?: Date;
  resourceId?: string;
  customerId?: string;
  status?: AppointmentStatusName;
}

export interface BookingInput {
  resourceId: string;
  serviceId: string;
  customerId?: string;
  startsAt: Date;
  notes?: string;
}

export interface AppointmentUpdate {
  status?: AppointmentStatusName;
  startsAt?: Date;
  resourceId?: string;
  serviceId?: string;
  notes?: string;
}

export interface BookingResult {
  status: number;
  body: AppointmentDto;
  replayed: boolean;
}

export function createAppointmentsService(deps: { rules: BookingRules; events: AppointmentEventBus }) {
  const { rules, events } = deps;

  function publish(ctx: SchedulingContext, type: AppointmentEventType, appointment: AppointmentDto) {
    events.publish({
      type,
      tenantId: ctx.tenant.id,
      schemaName: ctx.tenant.schemaName,
      appointment,
      actorUserId: ctx.principal?.userId ?? null,
      occurredAt: ctx.now.toISOString(),
    });
  }

  /** The appointment if the caller may see it (customers: only their own; 404 otherwise). */
  async function load(ctx: SchedulingContext, id: string): Promise<AppointmentRecord> {
    const appointment = await createAppointmentRepository(ctx.db).findById(id);
    const scope = scheduleReadScope(ctx.principal, ctx.tenant);
    if (!appointment) throw new AppointmentNotFoundError();
    if (scope.kind === 'own-customer' && appointment.customer.userId === scope.userId) return appointment;
    if (scope.kind !== 'all') throw new AppointmentNotFoundError();
    return appointment;
  }

  /** Staff act only on their own resource; refused with 403 (they can see the rest of the schedule). */
  function assertResourceWritable(ctx: SchedulingContext, resourceUserId: string | null) {
    const scope = appointmentWriteScope(ctx.principal, ctx.tenant);
    if (scope.kind === 'own-resource' && resourceUserId !== scope.userId) {
      throw new PermissionDeniedError('You may manage only the appointments of your own resource');
    }
  }

  async function customerIdFor(ctx: SchedulingContext, input: BookingInput): Promise<string> {
    const scope = appointmentWriteScope(ctx.principal, ctx.tenant);
    if (scope.kind === 'own-customer') {
      if (input.customerId !== undefined) return (await rules.checkCustomer(ctx, input.customerId, scope.userId)).id;
      const own = await ctx.db.customer.findUnique({ where: { userId: scope.userId }, select: { id: true } });
      if (!own) throw new CustomerProfileRequiredError();
      return (await rules.checkCustomer(ctx, own.id, scope.userId)).id;
    }
    if (input.customerId === undefined) throw fieldError('body', 'customerId', 'is required');
    return (await rules.checkCustomer(ctx, input.customerId, null)).id;
  }

  async function insert(ctx: SchedulingContext, input: BookingInput, idempotency?: { key: string; hash: string }) {
    const customerId = await customerIdFor(ctx, input);
    const booking = await rules.check(ctx, input);
    assertResourceWritable(ctx, booking.resource.userId);
    const data = {
      resourceId: input.resourceId,
      serviceId: input.serviceId,
      customerId,
      startsAt: booking.startsAt,
      endsAt: booking.endsAt,
      bufferMinutes: booking.bufferMinutes,
      notes: input.notes ?? '',
      createdById: ctx.principal?.userId ?? null,
    };
    if (!idempotency) return toAppointmentDto(await createAppointmentRepository(ctx.db).create(data));
    const userId = ctx.principal!.userId;
    return ctx.db.$transaction(async (tx) => {
      const repository = createAppointmentRepository(tx);
      // Claims the key first: a concurrent request with the same key waits here until this one ends.
      await repository.claimIdempotencyKey(userId, idempotency.key, idempotency.hash, ctx.now);
      const dto = toAppointmentDto(await repository.create(data));
      await repository.recordIdempotentResponse(userId, idempotency.key, 201, dto);
      return dto;
    });
  }

  return {
    async list(ctx: SchedulingContext, query: AppointmentListQuery) {
      if (query.from && query.to && query.to <= query.from) throw fieldError('querystring', 'to', 'must be later than from');
      const scope = scheduleReadScope(ctx.principal, ctx.tenant);
      if (scope.kind === 'public') throw new PermissionDeniedError('Appointments are not public');
      const filter = {
        resourceId: query.resourceId,
        customerId: query.customerId,
        status: query.status,
        ...(scope.kind === 'own-customer' ? { customer: { userId: scope.userId } } : {}),
        ...(query.from ? { startsAt: { gte: query.from } } : {}),
      };
      const upTo = query.to ? { startsAt: { lt: query.to } } : undefined;
      const rows = await createAppointmentRepository(ctx.db).list(allOf(filter, upTo, afterCursor(query.cursor, SORT)), orderOf(SORT), query.limit + 1);
      return pageOf(rows, query.limit, SORT);
    },

    get: load,

    /** Books; with an Idempotency-Key, a retry of the same body replays the first answer. */
    async book(ctx: SchedulingContext, input: BookingInput, idempotencyKey?: string): Promise<BookingResult> {
      if (idempotencyKey === undefined) {
        const body = await insert(ctx, input);
        publish(ctx, 'created', body);
        return { status: 201, body, replayed: false };
      }
      const userId = ctx.principal!.userId;
      const hash = requestHash(input);
      const repository = createAppointmentRepository(ctx.db);
      // Keys live IDEMPOTENCY_KEY_TTL_MS: older ones are purged here, so the table stays small and a key may be reused.
      await repository.purgeIdempotencyKeysBefore(new Date(ctx.now.getTime() - IDEMPOTENCY_KEY_TTL_MS));
      const stored = await repository.findIdempotencyKey(userId, idempotencyKey);
      if (stored) return { ...(replayOf(stored, hash) as { status: number; body: AppointmentDto }), replayed: true };
      try {
        const body = await insert(ctx, input, { key: idempotencyKey, hash });
        publish(ctx, 'created', body);
        return { status: 201, body, replayed: false };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // A concurrent request with this key committed first: answer as it did.
        const winner = await repository.findIdempotencyKey(userId, idempotencyKey);
        if (!winner) throw error;
        return { ...(replayOf(winner, hash) as { status: number; body: AppointmentDto }), replayed: true };
      }
    },

    async update(ctx: SchedulingContext, id: string, input: AppointmentUpdate): Promise<AppointmentDto> {
      const before = await load(ctx, id);
      const scope = appointmentWriteScope(ctx.principal, ctx.tenant);
      if (scope.kind === 'none') throw new PermissionDeniedError('You may not change appointments');
      const moves = input.startsAt !== undefined || input.resourceId !== undefined || input.serviceId !== undefined;
      if (input.status !== undefined && moves) {
        throw fieldError('body', 'status', 'cannot change together with startsAt, resourceId or serviceId; send two requests');
      }
      if (scope.kind === 'own-customer') {
        const others = Object.entries(input).filter(([field, value]) => value !== undefined && field !== 'status');
        if (others.length > 0 || input.status !== 'CANCELLED') throw new PermissionDeniedError('Customers may only cancel their appointments');
      }
      assertResourceWritable(ctx, before.resource.userId);

      const changes: AppointmentChanges = { notes: input.notes };
      if (input.status !== undefined) {
        assertTransition(before.status, input.status);
        if (scope.kind === 'own-customer') {
          const window = await createSettingsRepository(ctx.db).cancellationWindowMinutes();
          if (before.startsAt.getTime() - ctx.now.getTime() < window * MINUTE_MS) throw new CancellationWindowPassedError(window);
        }
        changes.status = input.status;
      }
      if (moves) {
        if (!isOpen(before.status)) throw new AppointmentClosedError(before.status);
        const booking = await rules.check(ctx, {
          resourceId: input.resourceId ?? before.resourceId,
          serviceId: input.serviceId ?? before.serviceId,
          startsAt: input.startsAt ?? before.startsAt,
        });
        assertResourceWritable(ctx, booking.resource.userId);
        Object.assign(changes, {
          resourceId: booking.resource.id,
          serviceId: input.serviceId ?? before.serviceId,
          startsAt: booking.startsAt,
          endsAt: booking.endsAt,
          bufferMinutes: booking.bufferMinutes,
        });
      }
      const updated = await createAppointmentRepository(ctx.db).updateIfStatus(id, before.status, changes);
      // Someone else changed its status meanwhile: judge this change against what it is now.
      if (!updated) {
        const now = await load(ctx, id);
        if (input.status !== undefined) assertTransition(now.status, input.status);
        throw new AppointmentClosedError(now.status);
      }
      const dto = toAppointmentDto(updated);
      if (input.status !== undefined && input.status !== 'PENDING') publish(ctx, EVENT_OF_STATUS[input.status], dto);
      else if (moves) publish(ctx, 'rescheduled', dto);
      return dto;
    },

    async delete(ctx: SchedulingContext, id: string): Promise<void> {
      await load(ctx, id);
      try {
        await createAppointmentRepository(ctx.db).delete(id);
      } catch (error) {
        if (isRecordMissing(error)) throw new AppointmentNotFoundError();
        throw error;
      }
    },
  };
}

export type AppointmentsService = ReturnType<typeof createAppointmentsService>;

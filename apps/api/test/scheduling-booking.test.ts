/**
 * Booking under concurrency (the exclusion constraint decides), Idempotency-Key, status transitions, the
 * customers' cancellation window, tier limits (also at the limit under concurrency) and lifecycle events.
 */
import type { AppointmentEvent } from '@smoothschedule/scheduling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from './auth-test-support.ts';
import { call, createSchedulingWorld, FIXED_NOW, tokenFor, type SchedulingWorld } from './scheduling-test-support.ts';

let world: SchedulingWorld;
const events: AppointmentEvent[] = [];

beforeAll(async () => {
  world = await createSchedulingWorld();
  world.app.scheduling.onAppointmentEvent((event) => {
    events.push(event);
  });
});
afterAll(async () => {
  await world?.close();
});

const owner = () => tokenFor(world, 'a', 'TENANT_OWNER');
const book = (startsAt: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}, token = owner()) =>
  call(world.app, 'POST', '/api/appointments', {
    host: world.a.domain,
    token,
    headers,
    payload: { resourceId: world.a.resources.other, serviceId: world.a.services.cut, customerId: world.a.customers.other, startsAt, ...extra },
  });
const patch = (id: string, payload: unknown, token = owner()) => call(world.app, 'PATCH', `/api/appointments/${id}`, { host: world.a.domain, token, payload });

async function openAppointmentsBetween(from: string, to: string): Promise<number> {
  const { rows } = await world.database.pool.query(
    `SELECT count(*)::int AS n FROM "${world.a.schemaName}".appointments
     WHERE resource_id = $1 AND status IN ('PENDING', 'CONFIRMED') AND starts_at < $3 AND occupied_until > $2`,
    [world.a.resources.other, from, to],
  );
  return rows[0].n as number;
}

describe('no double booking under concurrency', () => {
  it('100 requests for the same slot: exactly one 201, ninety-nine 409 SLOT_TAKEN', async () => {
    const responses = await Promise.all(Array.from({ length: 100 }, () => book('2026-03-11T10:00:00+01:00')));
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(99);
    for (const response of responses.filter((r) => r.statusCode === 409)) expect(response.json().error.code).toBe('SLOT_TAKEN');
    expect(await openAppointmentsBetween('2026-03-11T08:00:00Z', '2026-03-11T11:00:00Z')).toBe(1);
  });

  it('100 requests split over two overlapping slots: exactly one 201, ninety-nine 409 SLOT_TAKEN', async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, index) => book(index % 2 === 0 ? '2026-03-12T10:00:00+01:00' : '2026-03-12T10:15:00+01:00')),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(99);
    for (const response of responses.filter((r) => r.statusCode === 409)) expect(response.json().error.code).toBe('SLOT_TAKEN');
    expect(await openAppointmentsBetween('2026-03-12T08:00:00Z', '2026-03-12T11:00:00Z')).toBe(1);
  });

  it('the buffer belongs to the booking: the next one may start only when the buffer has ended', async () => {
    expect((await book('2026-03-13T10:00:00+01:00')).statusCode).toBe(201);
    // 30 minutes plus the service's 10-minute buffer: 10:30 and 10:39 collide, 10:40 does not.
    expect((await book('2026-03-13T10:39:00+01:00')).json().error.code).toBe('SLOT_TAKEN');
    expect((await book('2026-03-13T10:40:00+01:00')).statusCode).toBe(201);
    expect((await book('2026-03-13T09:21:00+01:00')).json().error.code).toBe('SLOT_TAKEN');
    expect((await book('2026-03-13T09:20:00+01:00')).statusCode).toBe(201);
  });

  it('a cancelled appointment frees its slot', async () => {
    const first = await book('2026-03-16T15:00:00+01:00');
    expect((await patch(first.json().id, { status: 'CANCELLED' })).statusCode).toBe(200);
    expect((await book('2026-03-16T15:00:00+01:00')).statusCode).toBe(201);
  });

  it('rescheduling onto a taken time is SLOT_TAKEN and leaves the appointment where it was', async () => {
    const one = (await book('2026-03-17T09:00:00+01:00')).json();
    const two = (await book('2026-03-17T11:00:00+01:00')).json();
    const moved = await patch(two.id, { startsAt: '2026-03-17T09:15:00+01:00' });
    expect(moved.json().error.code).toBe('SLOT_TAKEN');
    const after = await call(world.app, 'GET', `/api/appointments/${two.id}`, { host: world.a.domain, token: owner() });
    expect(after.json().startsAt).toBe('2026-03-17T10:00:00.000Z');
    expect((await patch(two.id, { startsAt: '2026-03-17T12:00:00+01:00' })).json()).toMatchObject({ startsAt: '2026-03-17T11:00:00.000Z', endsAt: '2026-03-17T11:30:00.000Z' });
    expect(one.status).toBe('PENDING');
  });
});

describe('Idempotency-Key', () => {
  it('same key and same body: the first answer again, and one appointment', async () => {
    const headers = { 'idempotency-key': 'retry-1' };
    const first = await book('2026-03-18T09:00:00+01:00', {}, headers);
    const second = await book('2026-03-18T09:00:00+01:00', {}, headers);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await openAppointmentsBetween('2026-03-18T07:00:00Z', '2026-03-18T09:00:00Z')).toBe(1);
  });

  it('same key and same body sent concurrently: one booking, every answer the same', async () => {
    const headers = { 'idempotency-key': 'retry-concurrent' };
    const responses = await Promise.all(Array.from({ length: 10 }, () => book('2026-03-18T14:00:00+01:00', {}, headers)));
    expect(responses.map((response) => response.statusCode)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((response) => response.json().id)).size).toBe(1);
  });

  it('same key with another body: 409 IDEMPOTENCY_KEY_REUSED and nothing booked', async () => {
    const headers = { 'idempotency-key': 'retry-2' };
    expect((await book('2026-03-19T09:00:00+01:00', {}, headers)).statusCode).toBe(201);
    const reused = await book('2026-03-19T11:00:00+01:00', {}, headers);
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await openAppointmentsBetween('2026-03-19T09:30:00Z', '2026-03-19T11:00:00Z')).toBe(0);
  });

  it('keys belong to their user: another user with the same key books anew', async () => {
    const headers = { 'idempotency-key': 'shared-key' };
    const first = await book('2026-03-20T09:00:00+01:00', {}, headers);
    const other = await book('2026-03-20T11:00:00+01:00', {}, headers, tokenFor(world, 'a', 'TENANT_MANAGER'));
    expect(first.statusCode).toBe(201);
    expect(other.statusCode).toBe(201);
    expect(other.json().id).not.toBe(first.json().id);
  });

  it('a key is forgotten (and its row purged) a day after it was stored', async () => {
    const headers = { 'idempotency-key': 'day-old' };
    const keyRows = () => world.database.tenants.withTenant({ schemaName: world.a.schemaName }, (db) => db.idempotencyKey.count({ where: { key: 'day-old' } }));
    // The movable clock keeps running from where it is set: margins of minutes, not milliseconds.
    world.clock.set(FIXED_NOW);
    try {
      expect((await book('2026-03-26T09:00:00+01:00', {}, headers)).statusCode).toBe(201);
      world.clock.set(new Date(FIXED_NOW.getTime() + 24 * 3_600_000 - 60_000));
      expect((await book('2026-03-26T11:00:00+01:00', {}, headers)).json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await keyRows()).toBe(1);
      world.clock.set(new Date(FIXED_NOW.getTime() + 24 * 3_600_000 + 60_000));
      const fresh = await book('2026-03-26T11:00:00+01:00', {}, headers);
      expect(fresh.statusCode).toBe(201);
      expect(fresh.headers['idempotent-replayed']).toBeUndefined();
      expect(await keyRows()).toBe(1);
    } finally {
      world.clock.set(FIXED_NOW);
    }
  });
});

describe('status transitions', () => {
  const ALL = ['PENDING', 'CONFIRMED', 'COMPLETED', 'CANCELLED', 'NO_SHOW'] as const;
  const ALLOWED = new Set(['PENDING>CONFIRMED', 'PENDING>CANCELLED', 'CONFIRMED>COMPLETED', 'CONFIRMED>NO_SHOW', 'CONFIRMED>CANCELLED']);
  let day = 0;

  async function appointmentIn(status: (typeof ALL)[number]): Promise<string> {
    day += 1;
    const startsAt = new Date(Date.UTC(2026, 3, 1, 8) + day * 86_400_000);
    return world.database.tenants.withTenant({ schemaName: world.a.schemaName }, async (db) => (await db.appointment.create({
      data: {
        resourceId: world.a.resources.own, serviceId: world.a.services.cut, customerId: world.a.customers.other, status,
        startsAt, endsAt: new Date(startsAt.getTime() + 1_800_000),
      },
    })).id);
  }

  for (const from of ALL) {
    for (const to of ALL) {
      const allowed = ALLOWED.has(`${from}>${to}`);
      it(`${from} → ${to}: ${allowed ? '200' : '409 INVALID_STATUS_TRANSITION'}`, async () => {
        const id = await appointmentIn(from);
        const response = await patch(id, { status: to });
        if (allowed) {
          expect(response.statusCode).toBe(200);
          expect(response.json().status).toBe(to);
        } else {
          expect(response.statusCode).toBe(409);
          expect(response.json().error.code).toBe('INVALID_STATUS_TRANSITION');
        }
      });
    }
  }

  it('a closed appointment cannot be rescheduled', async () => {
    const id = await appointmentIn('COMPLETED');
    const response = await patch(id, { startsAt: '2026-05-04T10:00:00+02:00' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('APPOINTMENT_CLOSED');
  });
});

describe('cancellation window (customers)', () => {
  const customer = () => tokenFor(world, 'a', 'CUSTOMER');
  const ownBooking = async (startsAt: string) =>
    (await book(startsAt, { customerId: undefined, resourceId: world.a.resources.own }, {}, customer())).json().id as string;

  it('a customer cancels up to the window (24 h by default) and not after', async () => {
    const tomorrowLate = await ownBooking('2026-03-03T10:00:00+01:00'); // 27 h after FIXED_NOW
    const tomorrowEarly = await ownBooking('2026-03-03T08:30:00+01:00'); // 25.5 h
    const soon = await ownBooking('2026-03-02T18:00:00+01:00'); // 11 h
    expect((await patch(tomorrowLate, { status: 'CANCELLED' }, customer())).statusCode).toBe(200);
    expect((await patch(tomorrowEarly, { status: 'CANCELLED' }, customer())).statusCode).toBe(200);
    const late = await patch(soon, { status: 'CANCELLED' }, customer());
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('CANCELLATION_WINDOW_PASSED');
    // Staff are not bound by the customers' window.
    expect((await patch(soon, { status: 'CANCELLED' })).statusCode).toBe(200);
  });

  it('follows the tenant setting', async () => {
    const soon = await ownBooking('2026-03-02T19:00:00+01:00'); // 12 h ahead
    const settings = await call(world.app, 'PATCH', '/api/scheduling-settings', { host: world.a.domain, token: owner(), payload: { cancellationWindowMinutes: 600 } });
    expect(settings.json()).toEqual({ cancellationWindowMinutes: 600, timezone: 'Europe/Berlin' });
    try {
      expect((await patch(soon, { status: 'CANCELLED' }, customer())).statusCode).toBe(200);
    } finally {
      await call(world.app, 'PATCH', '/api/scheduling-settings', { host: world.a.domain, token: owner(), payload: { cancellationWindowMinutes: 1440 } });
    }
  });

  it('customers may only cancel: confirming or moving their booking is 403', async () => {
    const id = await ownBooking('2026-03-04T09:00:00+01:00');
    expect((await patch(id, { status: 'CONFIRMED' }, customer())).statusCode).toBe(403);
    expect((await patch(id, { startsAt: '2026-03-04T11:00:00+01:00' }, customer())).statusCode).toBe(403);
    expect((await patch(id, { notes: 'hello' }, customer())).statusCode).toBe(403);
  });

  it('the clock is the app\'s: FIXED_NOW is in effect', () => {
    expect(world.clock().getTime() - FIXED_NOW.getTime()).toBeLessThan(3_600_000);
  });
});

describe('tier limits', () => {
  async function setTier(tier: 'FREE' | 'PROFESSIONAL' | 'BUSINESS' | 'ENTERPRISE') {
    await world.database.shared.tenant.update({ where: { id: world.b.id }, data: { subscriptionTier: tier } });
    world.app.tenancy.invalidate();
  }
  const createResource = (name: string) =>
    call(world.app, 'POST', '/api/resources', { host: world.b.domain, token: tokenFor(world, 'b', 'TENANT_OWNER'), payload: { name, type: 'ROOM' } });

  it('FREE allows 2 resources: 20 concurrent creates from an empty tenant give exactly two 201s, the rest 403 TIER_LIMIT_REACHED', async () => {
    await world.database.pool.query(`DELETE FROM "${world.b.schemaName}".appointments; DELETE FROM "${world.b.schemaName}".resources`);
    await setTier('FREE');
    try {
      const responses = await Promise.all(Array.from({ length: 20 }, (_, index) => createResource(`Room ${index}`)));
      const statuses = responses.map((response) => response.statusCode);
      expect(statuses.filter((status) => status === 201)).toHaveLength(2);
      expect(statuses.filter((status) => status === 403)).toHaveLength(18);
      expect(responses.find((response) => response.statusCode === 403)!.json().error).toEqual({
        code: 'TIER_LIMIT_REACHED', message: 'The FREE tier allows 2 resources; upgrade the subscription for more',
      });
      const { rows } = await world.database.pool.query(`SELECT count(*)::int AS n FROM "${world.b.schemaName}".resources`);
      expect(rows[0].n).toBe(2);
      await setTier('ENTERPRISE');
      expect((await createResource('Unlimited')).statusCode).toBe(201);
    } finally {
      await setTier('BUSINESS');
    }
  });

  it('FREE allows 3 staff users (managers and staff; not the owner): concurrent creates at the limit stop at 3', async () => {
    await setTier('FREE');
    try {
      // The fixture already has one manager and one staff member: one seat left.
      const create = (index: number, role: string) => call(world.app, 'POST', '/api/users', {
        host: world.b.domain,
        token: tokenFor(world, 'b', 'TENANT_OWNER'),
        payload: { email: `seat${index}@beta.test`, password: 'long enough password', firstName: 'Seat', lastName: String(index), role },
      });
      const responses = await Promise.all(Array.from({ length: 10 }, (_, index) => create(index, index % 2 ? 'TENANT_STAFF' : 'TENANT_MANAGER')));
      expect(responses.filter((response) => response.statusCode === 201)).toHaveLength(1);
      const refused = responses.filter((response) => response.statusCode === 403);
      expect(refused).toHaveLength(9);
      expect(refused[0]!.json().error.code).toBe('TIER_LIMIT_REACHED');
      // Customers are not staff; promoting one to staff is held to the limit too.
      const customer = await create(100, 'CUSTOMER');
      expect(customer.statusCode).toBe(201);
      const promoted = await call(world.app, 'PATCH', `/api/users/${customer.json().id}`, {
        host: world.b.domain, token: tokenFor(world, 'b', 'TENANT_OWNER'), payload: { role: 'TENANT_STAFF' },
      });
      expect(promoted.statusCode).toBe(403);
      expect(promoted.json().error.code).toBe('TIER_LIMIT_REACHED');
      await createUser(world.database, { email: 'unused@beta.test', role: 'CUSTOMER', tenantId: world.b.id });
    } finally {
      await setTier('BUSINESS');
    }
  });
});

describe('lifecycle events', () => {
  it('created, confirmed, completed and cancelled, with tenant and appointment, after commit; none for refusals', async () => {
    await world.app.scheduling.eventsIdle();
    events.length = 0;
    const created = (await book('2026-03-23T09:00:00+01:00')).json();
    expect((await book('2026-03-23T09:00:00+01:00')).statusCode).toBe(409);
    await patch(created.id, { status: 'CONFIRMED' });
    await patch(created.id, { status: 'COMPLETED' });
    const other = (await book('2026-03-23T11:00:00+01:00')).json();
    await patch(other.id, { status: 'CANCELLED' });
    const noShow = (await book('2026-03-23T13:00:00+01:00')).json();
    await patch(noShow.id, { status: 'CONFIRMED' });
    await patch(noShow.id, { status: 'NO_SHOW' });
    await world.app.scheduling.eventsIdle();
    expect(events.map((event) => [event.type, event.appointment.id])).toEqual([
      ['created', created.id], ['confirmed', created.id], ['completed', created.id],
      ['created', other.id], ['cancelled', other.id],
      ['created', noShow.id], ['confirmed', noShow.id], ['no_show', noShow.id],
    ]);
    expect(events[2]).toMatchObject({ tenantId: world.a.id, schemaName: world.a.schemaName, appointment: { status: 'COMPLETED' } });
  });

  it('a failing listener neither fails the request nor stops the other listeners', async () => {
    const seen: string[] = [];
    const off = world.app.scheduling.onAppointmentEvent(() => {
      throw new Error('listener broke');
    });
    const off2 = world.app.scheduling.onAppointmentEvent((event) => {
      seen.push(event.type);
    });
    try {
      expect((await book('2026-03-24T09:00:00+01:00')).statusCode).toBe(201);
      await world.app.scheduling.eventsIdle();
      expect(seen).toEqual(['created']);
    } finally {
      off();
      off2();
    }
  });
});

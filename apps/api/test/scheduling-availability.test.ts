/**
 * GET /api/availability against PostgreSQL in tenant A's timezone (Europe/Berlin): split shifts, blockers,
 * buffers (the service's and a buffer provider's), both DST change days of 2026, a fully booked day, a closed
 * day; and booking follows the same rules (outside hours and inside a blocker are refused).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, createSchedulingWorld, tokenFor, type SchedulingWorld } from './scheduling-test-support.ts';

let world: SchedulingWorld;
let serviceId: string;
let resourceIds: [string, string];
const db = () => world.database.tenants.forSchema(world.a.schemaName);

beforeAll(async () => {
  world = await createSchedulingWorld();
  const one = await db().resource.create({ data: { name: 'Chair A', type: 'STAFF' } });
  const two = await db().resource.create({ data: { name: 'Chair B', type: 'STAFF' } });
  resourceIds = [one.id, two.id];
  serviceId = (await db().service.create({
    data: { name: 'Hour', durationMinutes: 60, bufferMinutes: 0, resources: { create: resourceIds.map((resourceId) => ({ resourceId })) } },
  })).id;
});
afterAll(async () => {
  await world?.close();
});
beforeEach(async () => {
  await db().businessHours.deleteMany({});
  await db().blocker.deleteMany({ where: { resourceId: { in: resourceIds } } });
  await db().appointment.deleteMany({ where: { resourceId: { in: resourceIds } } });
  await db().service.update({ where: { id: serviceId }, data: { bufferMinutes: 0, isActive: true } });
});

const hours = (dayOfWeek: number, ...shifts: Array<[string, string]>) =>
  db().businessHours.createMany({ data: shifts.map(([opensAt, closesAt]) => ({ dayOfWeek, opensAt, closesAt })) });

async function availability(date: string, extra = '') {
  const response = await call(world.app, 'GET', `/api/availability?serviceId=${serviceId}&date=${date}${extra}`, { host: world.a.domain });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { slots: Array<{ startsAt: string; endsAt: string; resourceIds: string[] }>; bufferMinutes: number };
}
const startsOf = async (date: string, extra = '') => (await availability(date, extra)).slots.map((slot) => slot.startsAt.slice(11));

describe('availability', () => {
  it('split shifts: starts every 15 minutes within each shift, none over the break', async () => {
    await hours(0, ['09:00', '10:30'], ['13:00', '14:00']);
    expect(await startsOf('2026-03-09')).toEqual([
      '09:00:00+01:00', '09:15:00+01:00', '09:30:00+01:00', '13:00:00+01:00',
    ]);
  });

  it('a closed day has no slots', async () => {
    await hours(0, ['09:00', '17:00']);
    expect(await startsOf('2026-03-10')).toEqual([]);
  });

  it('blockers take their resource out; the other still offers the time', async () => {
    await hours(0, ['09:00', '11:00']);
    await db().blocker.create({ data: { resourceId: resourceIds[0], startsAt: new Date('2026-03-09T09:00:00Z'), endsAt: new Date('2026-03-09T09:30:00Z'), title: 'Off' } });
    const { slots } = await availability('2026-03-09');
    const free = Object.fromEntries(slots.map((slot) => [slot.startsAt.slice(11, 16), slot.resourceIds.length]));
    // Chair A is blocked 10:00–10:30 local: free for an hour only from 09:00.
    expect(free).toEqual({ '09:00': 2, '09:15': 1, '09:30': 1, '09:45': 1, '10:00': 1 });
    expect(await startsOf('2026-03-09', `&resourceId=${resourceIds[0]}`)).toEqual(['09:00:00+01:00']);
  });

  it('existing appointments and the buffer: the service\'s and a buffer provider\'s minutes both count', async () => {
    await hours(0, ['09:00', '12:00']);
    await db().appointment.create({
      data: { resourceId: resourceIds[0], serviceId, customerId: world.a.customers.other, startsAt: new Date('2026-03-09T09:00:00Z'), endsAt: new Date('2026-03-09T10:00:00Z') },
    });
    const onlyFirst = `&resourceId=${resourceIds[0]}`;
    expect(await startsOf('2026-03-09', onlyFirst)).toEqual(['09:00:00+01:00', '11:00:00+01:00']);
    await db().service.update({ where: { id: serviceId }, data: { bufferMinutes: 15 } });
    // Now 09:00 needs 09:00–10:15 free: it touches the 10:00 appointment.
    expect(await startsOf('2026-03-09', onlyFirst)).toEqual(['11:00:00+01:00']);
    const remove = world.app.scheduling.addBufferProvider(({ service }) => (service.id === serviceId ? 30 : 0));
    try {
      const result = await availability('2026-03-09', onlyFirst);
      expect(result.bufferMinutes).toBe(45);
      // 11:00 is still fine (ends 12:00, buffer after closing is allowed); 08:xx is closed.
      expect(result.slots.map((slot) => slot.startsAt.slice(11))).toEqual(['11:00:00+01:00']);
      // The booking stores the same buffer, so the next booking must wait for it.
      const owner = tokenFor(world, 'a', 'TENANT_OWNER');
      const booked = await call(world.app, 'POST', '/api/appointments', {
        host: world.a.domain, token: owner,
        payload: { resourceId: resourceIds[1], serviceId, customerId: world.a.customers.other, startsAt: '2026-03-09T09:00:00+01:00' },
      });
      expect(booked.json().bufferMinutes).toBe(45);
      const tooSoon = await call(world.app, 'POST', '/api/appointments', {
        host: world.a.domain, token: owner,
        payload: { resourceId: resourceIds[1], serviceId, customerId: world.a.customers.other, startsAt: '2026-03-09T10:30:00+01:00' },
      });
      expect(tooSoon.json().error.code).toBe('SLOT_TAKEN');
    } finally {
      remove();
    }
  });

  it('a fully booked day has no slots', async () => {
    await hours(0, ['09:00', '11:00']);
    for (const resourceId of resourceIds) {
      for (const hour of [8, 9]) {
        await db().appointment.create({
          data: { resourceId, serviceId, customerId: world.a.customers.other, startsAt: new Date(Date.UTC(2026, 2, 9, hour)), endsAt: new Date(Date.UTC(2026, 2, 9, hour + 1)) },
        });
      }
    }
    expect(await startsOf('2026-03-09')).toEqual([]);
  });

  it('spring forward (Europe/Berlin, 29 March 2026): offsets change, and a shift across the gap is shorter', async () => {
    await hours(5, ['09:00', '10:00']);
    await hours(6, ['01:00', '04:00'], ['09:00', '10:00']);
    expect(await startsOf('2026-03-28')).toEqual(['09:00:00+01:00']);
    const { slots } = await availability('2026-03-29');
    expect(slots.map((slot) => [slot.startsAt, slot.endsAt])).toEqual([
      ['2026-03-29T01:00:00+01:00', '2026-03-29T03:00:00+02:00'],
      ['2026-03-29T01:15:00+01:00', '2026-03-29T03:15:00+02:00'],
      ['2026-03-29T01:30:00+01:00', '2026-03-29T03:30:00+02:00'],
      ['2026-03-29T01:45:00+01:00', '2026-03-29T03:45:00+02:00'],
      ['2026-03-29T03:00:00+02:00', '2026-03-29T04:00:00+02:00'],
      ['2026-03-29T09:00:00+02:00', '2026-03-29T10:00:00+02:00'],
    ]);
  });

  it('fall back (Europe/Berlin, 25 October 2026): the repeated hour is offered twice', async () => {
    await hours(6, ['01:00', '04:00'], ['09:00', '10:00']);
    const { slots } = await availability('2026-10-25');
    const starts = slots.map((slot) => slot.startsAt);
    expect(starts).toContain('2026-10-25T02:00:00+02:00');
    expect(starts).toContain('2026-10-25T02:00:00+01:00');
    expect(starts.at(-1)).toBe('2026-10-25T09:00:00+01:00');
    // 01:00 to 04:00 local is four real hours that day: starts from 01:00 to 03:00 local, every 15 minutes.
    expect(starts.filter((start) => start < '2026-10-25T09')).toHaveLength(13);
  });

  it('booking follows the same rules: outside hours and inside a blocker are 409', async () => {
    await hours(0, ['09:00', '12:00']);
    await db().blocker.create({ data: { resourceId: resourceIds[0], startsAt: new Date('2026-03-09T10:00:00Z'), endsAt: new Date('2026-03-09T11:00:00Z'), title: 'Training' } });
    const owner = tokenFor(world, 'a', 'TENANT_OWNER');
    const attempt = (startsAt: string) => call(world.app, 'POST', '/api/appointments', {
      host: world.a.domain, token: owner, payload: { resourceId: resourceIds[0], serviceId, customerId: world.a.customers.other, startsAt },
    });
    expect((await attempt('2026-03-09T08:30:00+01:00')).json().error.code).toBe('OUTSIDE_BUSINESS_HOURS');
    expect((await attempt('2026-03-09T11:30:00+01:00')).json().error.code).toBe('OUTSIDE_BUSINESS_HOURS');
    expect((await attempt('2026-03-10T09:00:00+01:00')).json().error.code).toBe('OUTSIDE_BUSINESS_HOURS');
    expect((await attempt('2026-03-09T10:30:00+01:00')).json().error).toMatchObject({ code: 'RESOURCE_BLOCKED', message: expect.stringContaining('Training') });
    expect((await attempt('2026-03-01T09:00:00+01:00')).json().error.code).toBe('SLOT_IN_PAST');
    expect((await attempt('2026-03-09T09:00:00+01:00')).statusCode).toBe(201);
  });

  it('refuses an inactive service (409), an unknown service or resource (400), a resource that does not deliver it (409)', async () => {
    await db().service.update({ where: { id: serviceId }, data: { isActive: false } });
    const ask = (query: string) => call(world.app, 'GET', `/api/availability?${query}`, { host: world.a.domain });
    expect((await ask(`serviceId=${serviceId}&date=2026-03-09`)).json().error.code).toBe('SERVICE_INACTIVE');
    expect((await ask(`serviceId=${world.a.services.cut}&date=2026-03-09&resourceId=${resourceIds[0]}`)).json().error.code).toBe('RESOURCE_CANNOT_DELIVER_SERVICE');
    expect((await ask(`serviceId=${world.a.services.cut}&date=2026-03-09&resourceId=${world.a.resources.inactive}`)).statusCode).toBe(409);
    const unknown = await ask(`serviceId=00000000-0000-4000-8000-000000000000&date=2026-03-09`);
    expect(unknown.json().error.details).toEqual([{ path: 'querystring.serviceId', message: expect.any(String) }]);
  });
});

/**
 * Buffer time through the app: GET /api/availability and POST /api/appointments in tenant A, on a resource of its
 * own with a 60-minute service without a buffer of its own, on Monday 23 March 2026 (Berlin, +01:00, open 08:00–20:00,
 * starts every 15 minutes), with one appointment already booked 12:00–13:00 before the plugin existed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPluginWorld, installPlugin, uninstallPlugin, type PluginWorld } from './plugin-runtime-support.ts';
import { call } from './scheduling-test-support.ts';

const SLUG = 'buffer-time';
const DAY = '2026-03-23';
let world: PluginWorld;
let resourceId: string;
let serviceId: string;

beforeAll(async () => {
  world = await createPluginWorld();
  const db = world.database.tenants.forSchema(world.a.schemaName);
  resourceId = (await db.resource.create({ data: { name: 'Buffer chair', type: 'STAFF' } })).id;
  serviceId = (await db.service.create({ data: { name: 'Hour', durationMinutes: 60, bufferMinutes: 0, resources: { create: [{ resourceId }] } } })).id;
});
afterAll(async () => {
  await world?.close();
});
beforeEach(async () => {
  for (const tenant of [world.a, world.b]) await uninstallPlugin(world.database, tenant.id, SLUG);
  const db = world.database.tenants.forSchema(world.a.schemaName);
  await db.appointment.deleteMany({ where: { resourceId } });
  await db.appointment.create({
    data: {
      resourceId, serviceId, customerId: world.a.customers.other, bufferMinutes: 0,
      startsAt: new Date(`${DAY}T12:00:00+01:00`), endsAt: new Date(`${DAY}T13:00:00+01:00`),
    },
  });
});

async function availability(tenant: 'a' | 'b', query: string) {
  const response = await call(world.app, 'GET', `/api/availability?${query}`, { host: world[tenant].domain });
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json() as { bufferMinutes: number; slots: Array<{ startsAt: string }> };
  return { bufferMinutes: body.bufferMinutes, starts: body.slots.map((slot) => slot.startsAt.slice(11, 16)) };
}
const ofA = (date = DAY) => availability('a', `serviceId=${serviceId}&date=${date}&resourceId=${resourceId}`);

function book(startsAt: string) {
  return call(world.app, 'POST', '/api/appointments', {
    host: world.a.domain,
    token: world.tokens.a.TENANT_OWNER,
    payload: { resourceId, serviceId, customerId: world.a.customers.other, startsAt },
  });
}

/** Local starts every 15 minutes from `from` to `to`, both included. */
function quarterHours(from: string, to: string): string[] {
  const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3));
  const starts: string[] = [];
  for (let at = minutes(from); at <= minutes(to); at += 15) starts.push(`${String(Math.floor(at / 60)).padStart(2, '0')}:${String(at % 60).padStart(2, '0')}`);
  return starts;
}

const WITHOUT_PLUGIN = [...quarterHours('08:00', '11:00'), ...quarterHours('13:00', '19:00')];

describe('buffer time', () => {
  it('without the plugin: every start whose hour ends by 12:00 or starts from 13:00', async () => {
    expect(await ofA()).toEqual({ bufferMinutes: 0, starts: WITHOUT_PLUGIN });
  });

  it('installed: a new appointment needs its hour plus the buffer free, so the starts before the booking move back by exactly the buffer', async () => {
    await installPlugin(world.database, world.a.id, SLUG, { minutes: 30 });
    // The existing appointment keeps the buffer it was booked with (none): 13:00 stays free.
    expect(await ofA()).toEqual({ bufferMinutes: 30, starts: [...quarterHours('08:00', '10:30'), ...quarterHours('13:00', '19:00')] });
  });

  it('a booking made while installed stores the buffer: the starts right after it disappear by exactly the buffer, and booking inside it is SLOT_TAKEN', async () => {
    const before = await book(`${DAY}T15:00:00+01:00`);
    expect(before.json().bufferMinutes).toBe(0);
    expect((await ofA()).starts.filter((start) => start > '15:00')).toEqual(quarterHours('16:00', '19:00'));
    await world.database.tenants.forSchema(world.a.schemaName).appointment.delete({ where: { id: before.json().id } });

    await installPlugin(world.database, world.a.id, SLUG, { minutes: 30 });
    const booked = await book(`${DAY}T15:00:00+01:00`);
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json().bufferMinutes).toBe(30);
    expect((await ofA()).starts.filter((start) => start > '15:00')).toEqual(quarterHours('16:30', '19:00'));

    for (const inside of ['16:00', '16:15']) {
      const refused = await book(`${DAY}T${inside}:00+01:00`);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('SLOT_TAKEN');
    }
    // The stored buffer outlives the installation: the database still refuses the time.
    await uninstallPlugin(world.database, world.a.id, SLUG);
    expect((await book(`${DAY}T16:15:00+01:00`)).json().error.code).toBe('SLOT_TAKEN');
    expect((await book(`${DAY}T16:30:00+01:00`)).statusCode).toBe(201);
  });

  it('a config change applies to the next request', async () => {
    await installPlugin(world.database, world.a.id, SLUG, { minutes: 30 });
    expect((await ofA()).bufferMinutes).toBe(30);
    await installPlugin(world.database, world.a.id, SLUG, { minutes: 45 });
    expect(await ofA()).toEqual({ bufferMinutes: 45, starts: [...quarterHours('08:00', '10:15'), ...quarterHours('13:00', '19:00')] });
    const booked = await book(`${DAY}T15:00:00+01:00`);
    expect(booked.json().bufferMinutes).toBe(45);
    await installPlugin(world.database, world.a.id, SLUG, { minutes: 0 });
    expect((await ofA()).bufferMinutes).toBe(0);
  });

  it('uninstalling restores the availability', async () => {
    await installPlugin(world.database, world.a.id, SLUG, { minutes: 60 });
    expect((await ofA()).starts).not.toEqual(WITHOUT_PLUGIN);
    await uninstallPlugin(world.database, world.a.id, SLUG);
    expect(await ofA()).toEqual({ bufferMinutes: 0, starts: WITHOUT_PLUGIN });
    expect((await book(`${DAY}T15:00:00+01:00`)).json().bufferMinutes).toBe(0);
  });

  it('tenant B is unaffected by A\'s installation, and A by B\'s', async () => {
    const ofB = () => availability('b', `serviceId=${world.b.services.cut}&date=${DAY}&resourceId=${world.b.resources.other}`);
    const baselineB = await ofB();
    expect(baselineB.bufferMinutes).toBe(10);
    await installPlugin(world.database, world.a.id, SLUG, { minutes: 60 });
    expect(await ofB()).toEqual(baselineB);
    const inB = await call(world.app, 'POST', '/api/appointments', {
      host: world.b.domain,
      token: world.tokens.b.TENANT_OWNER,
      payload: { resourceId: world.b.resources.other, serviceId: world.b.services.cut, customerId: world.b.customers.other, startsAt: `${DAY}T09:00:00+01:00` },
    });
    expect(inB.statusCode, inB.body).toBe(201);
    expect(inB.json().bufferMinutes).toBe(10);

    await uninstallPlugin(world.database, world.a.id, SLUG);
    await installPlugin(world.database, world.b.id, SLUG, { minutes: 60 });
    expect(await ofA()).toEqual({ bufferMinutes: 0, starts: WITHOUT_PLUGIN });
    expect((await ofB()).bufferMinutes).toBe(70);
  });
});

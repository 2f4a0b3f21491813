/**
 * The no-show tracker through the app: appointments marked NO_SHOW over the API, the customer blocked and tagged
 * at the tenant's limit, and then refused by booking. Each test uses fresh customers, so counts start at zero.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPluginWorld, installPlugin, uninstallPlugin, type PluginWorld } from './plugin-runtime-support.ts';
import { call } from './scheduling-test-support.ts';

const SLUG = 'no-show-tracker';
type Tenant = 'a' | 'b';
let world: PluginWorld;

beforeAll(async () => {
  world = await createPluginWorld();
});
afterAll(async () => {
  await world?.close();
});
beforeEach(async () => {
  for (const tenant of [world.a, world.b]) await uninstallPlugin(world.database, tenant.id, SLUG);
});

const db = (tenant: Tenant) => world.database.tenants.forSchema(world[tenant].schemaName);
const owner = (tenant: Tenant) => world.tokens[tenant].TENANT_OWNER;

let customerCount = 0;
async function newCustomer(tenant: Tenant, tags: string[] = []): Promise<string> {
  customerCount += 1;
  return (await db(tenant).customer.create({ data: { name: `Customer ${customerCount}`, tags } })).id;
}

let nextHour = 0;
function book(tenant: Tenant, customerId: string) {
  const day = 16 + Math.floor(nextHour / 10);
  const hour = 8 + (nextHour % 10);
  nextHour += 1;
  const t = world[tenant];
  return call(world.app, 'POST', '/api/appointments', {
    host: t.domain,
    token: owner(tenant),
    payload: { resourceId: t.resources.other, serviceId: t.services.cut, customerId, startsAt: `2026-03-${day}T${String(hour).padStart(2, '0')}:00:00+01:00` },
  });
}

async function setStatus(tenant: Tenant, id: string, status: string) {
  const response = await call(world.app, 'PATCH', `/api/appointments/${id}`, { host: world[tenant].domain, token: owner(tenant), payload: { status } });
  expect(response.statusCode, response.body).toBe(200);
}

/** Books, confirms and marks a no-show through the API, then waits for the plugins. */
async function noShow(tenant: Tenant, customerId: string): Promise<void> {
  const booked = await book(tenant, customerId);
  expect(booked.statusCode, booked.body).toBe(201);
  await setStatus(tenant, booked.json().id, 'CONFIRMED');
  await setStatus(tenant, booked.json().id, 'NO_SHOW');
  await world.settle();
}

const customer = (tenant: Tenant, id: string) => db(tenant).customer.findUniqueOrThrow({ where: { id }, select: { status: true, tags: true } });

describe('no-show tracker', () => {
  it('N−1 no-shows leave the customer active; the Nth blocks and tags them, and booking is then refused', async () => {
    await installPlugin(world.database, world.a.id, SLUG, { maxNoShows: 3 });
    const id = await newCustomer('a', ['vip']);
    await noShow('a', id);
    await noShow('a', id);
    expect(await customer('a', id)).toEqual({ status: 'ACTIVE', tags: ['vip'] });
    const stillBookable = await book('a', id);
    expect(stillBookable.statusCode).toBe(201);
    await setStatus('a', stillBookable.json().id, 'CANCELLED');
    await world.settle();

    await noShow('a', id);
    expect(await customer('a', id)).toEqual({ status: 'BLOCKED', tags: ['vip', 'no-show'] });
    const refused = await book('a', id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('CUSTOMER_NOT_ACTIVE');
  });

  it('counts only this customer\'s no-shows (not cancellations, not other customers)', async () => {
    await installPlugin(world.database, world.a.id, SLUG, { maxNoShows: 2 });
    const one = await newCustomer('a');
    const two = await newCustomer('a');
    await noShow('a', one);
    await noShow('a', two);
    const cancelled = await book('a', one);
    await setStatus('a', cancelled.json().id, 'CANCELLED');
    await world.settle();
    expect(await customer('a', one)).toEqual({ status: 'ACTIVE', tags: [] });
    expect(await customer('a', two)).toEqual({ status: 'ACTIVE', tags: [] });
  });

  it('the tag is added once; unblocking stays a person\'s decision until the next no-show', async () => {
    await installPlugin(world.database, world.a.id, SLUG, { maxNoShows: 1 });
    const id = await newCustomer('a');
    await noShow('a', id);
    expect(await customer('a', id)).toEqual({ status: 'BLOCKED', tags: ['no-show'] });

    const unblock = await call(world.app, 'PATCH', `/api/customers/${id}`, { host: world.a.domain, token: owner('a'), payload: { status: 'ACTIVE' } });
    expect(unblock.statusCode, unblock.body).toBe(200);
    // Other events for the customer leave the human decision alone.
    const completed = (await book('a', id)).json();
    await setStatus('a', completed.id, 'CONFIRMED');
    await setStatus('a', completed.id, 'COMPLETED');
    await world.settle();
    expect(await customer('a', id)).toEqual({ status: 'ACTIVE', tags: ['no-show'] });

    await noShow('a', id);
    expect(await customer('a', id)).toEqual({ status: 'BLOCKED', tags: ['no-show'] });
  });

  it('respects the configured limit, read again on each event', async () => {
    await installPlugin(world.database, world.a.id, SLUG, { maxNoShows: 5 });
    const id = await newCustomer('a');
    await noShow('a', id);
    await noShow('a', id);
    expect((await customer('a', id)).status).toBe('ACTIVE');
    await installPlugin(world.database, world.a.id, SLUG, { maxNoShows: 3 });
    await noShow('a', id);
    expect(await customer('a', id)).toEqual({ status: 'BLOCKED', tags: ['no-show'] });
  });

  it('the default limit is 3', async () => {
    await installPlugin(world.database, world.a.id, SLUG, {});
    const id = await newCustomer('a');
    await noShow('a', id);
    await noShow('a', id);
    expect((await customer('a', id)).status).toBe('ACTIVE');
    await noShow('a', id);
    expect((await customer('a', id)).status).toBe('BLOCKED');
  });

  it('uninstalled: no-shows block nobody', async () => {
    await installPlugin(world.database, world.a.id, SLUG, { maxNoShows: 1 });
    await uninstallPlugin(world.database, world.a.id, SLUG);
    const id = await newCustomer('a');
    await noShow('a', id);
    await noShow('a', id);
    expect(await customer('a', id)).toEqual({ status: 'ACTIVE', tags: [] });
  });

  it('tenants are separate: A\'s installation and limit never touch B\'s customers, and B\'s limit is its own', async () => {
    await installPlugin(world.database, world.a.id, SLUG, { maxNoShows: 1 });
    const inB = await newCustomer('b');
    await noShow('b', inB);
    expect(await customer('b', inB)).toEqual({ status: 'ACTIVE', tags: [] });

    await installPlugin(world.database, world.b.id, SLUG, { maxNoShows: 3 });
    const inA = await newCustomer('a');
    await noShow('a', inA);
    await noShow('b', inB);
    expect(await customer('a', inA)).toEqual({ status: 'BLOCKED', tags: ['no-show'] });
    expect(await customer('b', inB)).toEqual({ status: 'ACTIVE', tags: [] });
    // B's fixture customers are untouched too.
    for (const id of Object.values(world.b.customers)) expect(await customer('b', id)).toEqual({ status: 'ACTIVE', tags: [] });
    await noShow('b', inB);
    expect(await customer('b', inB)).toEqual({ status: 'BLOCKED', tags: ['no-show'] });
  });
});

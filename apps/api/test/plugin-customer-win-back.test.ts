/**
 * Customer Win-Back: an ACTIVE customer with an email whose last completed visit ended more than inactiveDays ago
 * and who has nothing open booked ahead gets one outbox row per lapse (keyed by the date of that last visit); a new
 * visit and a new lapse bring a second one. Never for blocked, inactive, email-less or never-seen customers, never
 * twice, and only in the tenant that installed it, with that tenant's config.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { book, changeAppointment, clearOutbox, createCustomer, outboxOf, type OutboxRow } from './plugin-outbox-support.ts';
import { createPluginWorld, installPlugin, uninstallPlugin, type PluginWorld } from './plugin-runtime-support.ts';
import { at, call, FIXED_NOW, tokenFor } from './scheduling-test-support.ts';

const SLUG = 'customer-win-back';
const DAY_MS = 86_400_000;
let world: PluginWorld;

beforeAll(async () => {
  world = await createPluginWorld();
});
afterAll(async () => {
  await world?.close();
});
beforeEach(async () => {
  world.clock.set(FIXED_NOW);
  await clearOutbox(world);
  await installPlugin(world.database, world.a.id, SLUG, { inactiveDays: 30 });
});

const runWinBack = async () => {
  await world.app.marketplace.runSchedule(SLUG, 'daily-win-back');
  await world.settle();
};
const forCustomer = (rows: OutboxRow[], id: string) => rows.filter((row) => row.customerId === id);
const after = (iso: string, days: number, minutes = 0) => new Date(at(iso).getTime() + days * DAY_MS + minutes * 60_000);

/** Books a 30-minute visit for the customer at `startsAt` (must be ahead of the clock), then confirms and completes it. */
async function visit(tenant: 'a' | 'b', customerId: string, startsAt: string): Promise<string> {
  const id = await book(world, tenant, { resourceId: world[tenant].resources.other, serviceId: world[tenant].services.cut, customerId, startsAt });
  await changeAppointment(world, tenant, id, { status: 'CONFIRMED' });
  await changeAppointment(world, tenant, id, { status: 'COMPLETED' });
  return id;
}

async function setCustomerStatus(tenant: 'a' | 'b', id: string, status: string): Promise<void> {
  const response = await call(world.app, 'PATCH', `/api/customers/${id}`, { host: world[tenant].domain, token: tokenFor(world, tenant, 'TENANT_OWNER'), payload: { status } });
  expect(response.statusCode, response.body).toBe(200);
}

describe('a lapse', () => {
  it('nothing the minute before inactiveDays have passed, one row after; reruns add none; a new visit and lapse add a second', async () => {
    const customer = await createCustomer(world, 'a', { name: 'Lapsed Lena', email: 'lena@example.test' });
    const first = await visit('a', customer, '2026-03-02T10:00:00+01:00'); // ends 09:30Z

    world.clock.set(after('2026-03-02T09:30:00Z', 30, -1));
    await runWinBack();
    expect(forCustomer(await outboxOf(world, 'a'), customer)).toEqual([]);

    world.clock.set(after('2026-03-02T09:30:00Z', 30, 1));
    await runWinBack();
    await runWinBack();
    await Promise.all([runWinBack(), runWinBack(), runWinBack()]);
    let rows = forCustomer(await outboxOf(world, 'a'), customer);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      pluginSlug: SLUG,
      kind: 'WIN_BACK',
      dedupeKey: `win-back:${customer}:2026-03-02`,
      recipientEmail: 'lena@example.test',
      recipientUserId: null,
      appointmentId: first,
      subject: 'We miss you, Lapsed Lena',
    });
    expect(rows[0]!.body).toContain('your last visit on Monday, 2 March 2026');

    // She comes back on 2 April, then lapses again.
    const second = await visit('a', customer, '2026-04-02T10:00:00+02:00'); // ends 08:30Z
    await runWinBack();
    expect(forCustomer(await outboxOf(world, 'a'), customer)).toHaveLength(1);
    world.clock.set(after('2026-04-02T08:30:00Z', 30, -1));
    await runWinBack();
    expect(forCustomer(await outboxOf(world, 'a'), customer)).toHaveLength(1);
    world.clock.set(after('2026-04-02T08:30:00Z', 30, 1));
    await runWinBack();
    await runWinBack();
    rows = forCustomer(await outboxOf(world, 'a'), customer);
    expect(rows.map((row) => [row.dedupeKey, row.appointmentId])).toEqual([
      [`win-back:${customer}:2026-03-02`, first],
      [`win-back:${customer}:2026-04-02`, second],
    ]);
  });

  it('an open booking ahead suppresses it until cancelled', async () => {
    const customer = await createCustomer(world, 'a', { name: 'Booked Ben', email: 'ben@example.test' });
    await visit('a', customer, '2026-03-02T11:00:00+01:00');
    const ahead = await book(world, 'a', { resourceId: world.a.resources.other, serviceId: world.a.services.cut, customerId: customer, startsAt: '2026-04-20T10:00:00+02:00' });
    world.clock.set(at('2026-04-10T12:00:00Z'));
    await runWinBack();
    expect(forCustomer(await outboxOf(world, 'a'), customer)).toEqual([]);

    await changeAppointment(world, 'a', ahead, { status: 'CANCELLED' });
    await runWinBack();
    expect(forCustomer(await outboxOf(world, 'a'), customer)).toHaveLength(1);
  });

  it('blocked, inactive, email-less and never-completed customers are skipped; an active one in the same run is not', async () => {
    const blocked = await createCustomer(world, 'a', { name: 'Blocked', email: 'blocked@example.test' });
    const inactive = await createCustomer(world, 'a', { name: 'Inactive', email: 'inactive@example.test' });
    const noEmail = await createCustomer(world, 'a', { name: 'No Email' });
    const noShow = await createCustomer(world, 'a', { name: 'Never Came', email: 'never@example.test' });
    const active = await createCustomer(world, 'a', { name: 'Active', email: 'active@example.test' });
    await visit('a', blocked, '2026-03-03T09:00:00+01:00');
    await visit('a', inactive, '2026-03-03T10:00:00+01:00');
    await visit('a', noEmail, '2026-03-03T11:00:00+01:00');
    await visit('a', active, '2026-03-03T12:00:00+01:00');
    const missed = await book(world, 'a', { resourceId: world.a.resources.other, serviceId: world.a.services.cut, customerId: noShow, startsAt: '2026-03-03T13:00:00+01:00' });
    await changeAppointment(world, 'a', missed, { status: 'CONFIRMED' });
    await changeAppointment(world, 'a', missed, { status: 'NO_SHOW' });
    await setCustomerStatus('a', blocked, 'BLOCKED');
    await setCustomerStatus('a', inactive, 'INACTIVE');

    world.clock.set(at('2026-05-01T12:00:00Z'));
    await runWinBack();
    const rows = await outboxOf(world, 'a');
    const mine = [blocked, inactive, noEmail, noShow, active];
    expect(rows.filter((row) => mine.includes(row.customerId!)).map((row) => row.customerId)).toEqual([active]);
    // The fixture customers' appointments were never completed: nothing for them either.
    expect(forCustomer(rows, world.a.customers.own)).toEqual([]);
  });
});

describe('config, installation and isolation', () => {
  it('inactiveDays sets the quiet spell and message adds a line', async () => {
    const customer = await createCustomer(world, 'a', { name: 'Config Carla', email: 'carla@example.test' });
    await visit('a', customer, '2026-03-04T10:00:00+01:00');
    await installPlugin(world.database, world.a.id, SLUG, {}); // the default: 60 days
    world.clock.set(after('2026-03-04T09:30:00Z', 45));
    await runWinBack();
    expect(forCustomer(await outboxOf(world, 'a'), customer)).toEqual([]);

    await installPlugin(world.database, world.a.id, SLUG, { inactiveDays: 40, message: 'Your next cut is 10% off.' });
    await runWinBack();
    const rows = forCustomer(await outboxOf(world, 'a'), customer);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.body).toContain('Your next cut is 10% off.');
  });

  it('uninstalled: nothing is written', async () => {
    const customer = await createCustomer(world, 'a', { name: 'Gone Gus', email: 'gus@example.test' });
    await visit('a', customer, '2026-03-05T10:00:00+01:00');
    await uninstallPlugin(world.database, world.a.id, SLUG);
    world.clock.set(at('2026-06-01T12:00:00Z'));
    await runWinBack();
    expect(await world.app.marketplace.runTenantSchedule(world.a.id, SLUG, 'daily-win-back')).toBe(false);
    expect(await outboxOf(world, 'a')).toEqual([]);
  });

  it("B's installation writes only to B's customers with B's config; A's run keeps A's", async () => {
    const aCustomer = await createCustomer(world, 'a', { name: 'Alpha Anna', email: 'anna@example.test' });
    const bCustomer = await createCustomer(world, 'b', { name: 'Beta Bert', email: 'bert@example.test' });
    await visit('a', aCustomer, '2026-03-06T10:00:00+01:00');
    await visit('b', bCustomer, '2026-03-06T10:00:00+01:00');
    await installPlugin(world.database, world.b.id, SLUG, { inactiveDays: 7, message: 'Beta offer.' });
    try {
      // 10 days later: past B's 7, not A's 30.
      world.clock.set(after('2026-03-06T09:30:00Z', 10));
      await runWinBack();
      expect(forCustomer(await outboxOf(world, 'a'), aCustomer)).toEqual([]);
      const bRows = await outboxOf(world, 'b');
      expect(bRows.map((row) => row.customerId)).toEqual([bCustomer]);
      expect(bRows[0]!.body).toContain('Beta offer.');

      world.clock.set(after('2026-03-06T09:30:00Z', 31));
      await runWinBack();
      // A's run also reaches the earlier tests' lapsed customers, so A's rows are judged by whose they are.
      const aRows = await outboxOf(world, 'a');
      expect(forCustomer(aRows, aCustomer)).toHaveLength(1);
      expect(forCustomer(aRows, bCustomer)).toEqual([]);
      expect(aRows.some((row) => row.body.includes('Beta offer.'))).toBe(false);
      expect(await outboxOf(world, 'b')).toHaveLength(1);
    } finally {
      await uninstallPlugin(world.database, world.b.id, SLUG);
    }
  });
});

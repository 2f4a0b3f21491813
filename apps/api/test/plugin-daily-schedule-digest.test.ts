/**
 * Daily Schedule Digest: once the tenant's wall clock reaches sendAt, one digest per staff member (a user owning a
 * resource) listing that LOCAL day's appointments on their resources in time order, cancelled ones left out; once
 * per day, caught up by a late run, never ahead of the next day's sendAt; DST days have 23 hours; a tenant's run
 * uses its own config and data and addresses only its own users.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { book, changeAppointment, clearOutbox, openAllDay, outboxOf, type OutboxRow } from './plugin-outbox-support.ts';
import { createPluginWorld, installPlugin, uninstallPlugin, type PluginWorld } from './plugin-runtime-support.ts';
import { at, FIXED_NOW } from './scheduling-test-support.ts';

const SLUG = 'daily-schedule-digest';
let world: PluginWorld;

beforeAll(async () => {
  world = await createPluginWorld();
  // Monday to Thursday and the weekend all day, so appointments can sit next to local midnight.
  await openAllDay(world, 'a', [0, 1, 2, 3, 5, 6]);
});
afterAll(async () => {
  await world?.close();
});
beforeEach(async () => {
  world.clock.set(FIXED_NOW);
  await clearOutbox(world);
  await installPlugin(world.database, world.a.id, SLUG, {});
});

const runDigest = async () => {
  await world.app.marketplace.runSchedule(SLUG, 'morning-digest');
  await world.settle();
};
const bookOwn = (startsAt: string) =>
  book(world, 'a', { resourceId: world.a.resources.own, serviceId: world.a.services.cut, customerId: world.a.customers.other, startsAt });
/** The appointment lines of a digest body. */
const linesOf = (row: OutboxRow) => row.body.split('\n').filter((line) => /^\d\d:\d\d–\d\d:\d\d /.test(line));
const forDate = (rows: OutboxRow[], date: string) => rows.filter((row) => row.dedupeKey.endsWith(`:${date}`));

describe('the local day, at sendAt', () => {
  it('nothing at sendAt − 1 minute; at sendAt one digest with exactly that local day, in time order', async () => {
    await bookOwn('2026-03-10T23:15:00+01:00'); // Tuesday evening: the day before
    await bookOwn('2026-03-11T00:00:00+01:00'); // Wednesday's first minute (still Tuesday in UTC)
    await bookOwn('2026-03-11T12:00:00+01:00');
    await bookOwn('2026-03-11T09:00:00+01:00');
    const cancelled = await bookOwn('2026-03-11T14:00:00+01:00');
    await changeAppointment(world, 'a', cancelled, { status: 'CANCELLED' });
    await bookOwn('2026-03-11T23:15:00+01:00');
    await bookOwn('2026-03-12T00:00:00+01:00'); // Thursday's first minute (still Wednesday in UTC)
    await book(world, 'a', { resourceId: world.a.resources.other, serviceId: world.a.services.cut, customerId: world.a.customers.other, startsAt: '2026-03-11T12:00:00+01:00' });

    world.clock.set(at('2026-03-11T05:59:00Z')); // 06:59 in Berlin
    await runDigest();
    expect(await outboxOf(world, 'a')).toEqual([]);

    world.clock.set(at('2026-03-11T06:00:00Z')); // 07:00 in Berlin
    await runDigest();
    const rows = await outboxOf(world, 'a');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      pluginSlug: SLUG,
      kind: 'DAILY_DIGEST',
      dedupeKey: `digest:${world.a.users.TENANT_STAFF}:2026-03-11`,
      recipientUserId: world.a.users.TENANT_STAFF,
      recipientEmail: 'tenant_staff@alpha.sched.test',
      customerId: null,
      appointmentId: null,
      subject: 'Your schedule for Wednesday, 11 March 2026: 4 appointments',
    });
    expect(linesOf(rows[0]!)).toEqual([
      '00:00–00:30  Cut · Other Customer · Staff chair',
      '09:00–09:30  Cut · Other Customer · Staff chair',
      '12:00–12:30  Cut · Other Customer · Staff chair',
      '23:15–23:45  Cut · Other Customer · Staff chair',
    ]);
  });

  it('once per day; never the next day ahead of its sendAt; a late run still writes its own day once', async () => {
    world.clock.set(at('2026-03-11T06:00:00Z'));
    await runDigest();
    await Promise.all([runDigest(), runDigest()]);
    world.clock.set(at('2026-03-11T22:59:00Z')); // 23:59 on Wednesday in Berlin (Thursday 00:00 is 23:00Z)
    await runDigest();
    let rows = await outboxOf(world, 'a');
    expect(rows.map((row) => row.dedupeKey)).toEqual([`digest:${world.a.users.TENANT_STAFF}:2026-03-11`]);

    // Down all Thursday morning: the 22:00 run writes Thursday's digest, and only once.
    world.clock.set(at('2026-03-12T21:00:00Z'));
    await runDigest();
    await runDigest();
    rows = await outboxOf(world, 'a');
    const thursday = forDate(rows, '2026-03-12');
    expect(thursday).toHaveLength(1);
    expect(linesOf(thursday[0]!)).toEqual(['00:00–00:30  Cut · Other Customer · Staff chair']);
    expect(rows).toHaveLength(2);
  });

  it('a DST day (Berlin, 29 March 2026: 23 hours) has its own midnights and its own sendAt', async () => {
    await bookOwn('2026-03-28T23:15:00+01:00'); // Saturday
    await bookOwn('2026-03-29T00:00:00+01:00');
    await bookOwn('2026-03-29T09:00:00+02:00');
    await bookOwn('2026-03-29T23:15:00+02:00');
    await bookOwn('2026-03-30T00:00:00+02:00'); // Monday: 24 hours after Sunday's midnight would still count it
    world.clock.set(at('2026-03-29T04:59:00Z')); // 06:59 summer time
    await runDigest();
    expect(forDate(await outboxOf(world, 'a'), '2026-03-29')).toEqual([]);

    world.clock.set(at('2026-03-29T05:00:00Z')); // 07:00 summer time
    await runDigest();
    const rows = forDate(await outboxOf(world, 'a'), '2026-03-29');
    expect(rows).toHaveLength(1);
    expect(linesOf(rows[0]!)).toEqual([
      '00:00–00:30  Cut · Other Customer · Staff chair',
      '09:00–09:30  Cut · Other Customer · Staff chair',
      '23:15–23:45  Cut · Other Customer · Staff chair',
    ]);
  });
});

describe('config', () => {
  it('includeEmptyDays decides whether staff with nothing booked get a digest; sendAt moves the time', async () => {
    world.clock.set(at('2026-03-13T09:00:00Z')); // Friday 10:00: nothing booked for the staff member
    await runDigest();
    expect(await outboxOf(world, 'a')).toEqual([]);

    await installPlugin(world.database, world.a.id, SLUG, { includeEmptyDays: true, sendAt: '10:30' });
    await runDigest();
    expect(await outboxOf(world, 'a')).toEqual([]);
    world.clock.set(at('2026-03-13T09:30:00Z'));
    await runDigest();
    const rows = await outboxOf(world, 'a');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      recipientUserId: world.a.users.TENANT_STAFF,
      subject: 'Your schedule for Friday, 13 March 2026: nothing booked',
    });
    expect(linesOf(rows[0]!)).toEqual([]);
  });
});

describe('installation and isolation', () => {
  it('uninstalled: nothing is written', async () => {
    await uninstallPlugin(world.database, world.a.id, SLUG);
    world.clock.set(at('2026-03-09T12:00:00Z'));
    await runDigest();
    expect(await world.app.marketplace.runTenantSchedule(world.a.id, SLUG, 'morning-digest')).toBe(false);
    expect(await outboxOf(world, 'a')).toEqual([]);
  });

  it("each tenant's run uses its own sendAt and appointments and addresses only its own users", async () => {
    await book(world, 'b', { resourceId: world.b.resources.own, serviceId: world.b.services.cut, customerId: world.b.customers.other, startsAt: '2026-03-09T15:00:00+01:00' });
    // A resource of B naming A's staff user (stray data): B's run must not write to A's staff member.
    await world.database.tenants.withTenant({ schemaName: world.b.schemaName }, (db) =>
      db.resource.update({ where: { id: world.b.resources.other }, data: { userId: world.a.users.TENANT_STAFF } }));
    await installPlugin(world.database, world.b.id, SLUG, { sendAt: '05:00', includeEmptyDays: true });
    try {
      world.clock.set(at('2026-03-09T04:00:00Z')); // 05:00 in Berlin: B's sendAt, not yet A's
      await runDigest();
      expect(await outboxOf(world, 'a')).toEqual([]);
      const bRows = await outboxOf(world, 'b');
      expect(bRows.map((row) => row.recipientUserId)).toEqual([world.b.users.TENANT_STAFF]);
      expect(bRows[0]!.recipientEmail).toBe('tenant_staff@beta.sched.test');
      expect(linesOf(bRows[0]!)).toEqual([
        '10:00–10:30  Cut · Own Customer · Staff chair',
        '15:00–15:30  Cut · Other Customer · Staff chair',
      ]);

      world.clock.set(at('2026-03-09T06:00:00Z'));
      await runDigest();
      const aRows = await outboxOf(world, 'a');
      expect(aRows.map((row) => row.recipientUserId)).toEqual([world.a.users.TENANT_STAFF]);
      expect(linesOf(aRows[0]!)).toEqual(['10:00–10:30  Cut · Own Customer · Staff chair']);
      expect(await outboxOf(world, 'b')).toHaveLength(1);
    } finally {
      await world.database.tenants.withTenant({ schemaName: world.b.schemaName }, (db) =>
        db.resource.update({ where: { id: world.b.resources.other }, data: { userId: null } }));
      await uninstallPlugin(world.database, world.b.id, SLUG);
    }
  });
});

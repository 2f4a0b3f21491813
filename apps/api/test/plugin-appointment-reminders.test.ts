/**
 * Appointment Reminders: one outbox row per open appointment once its start is within hoursBefore, for its current
 * start (a rescheduled appointment is reminded again), never for cancelled or already started appointments, never
 * twice, and only in the tenant that installed it, with that tenant's config.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { book, changeAppointment, clearOutbox, createCustomer, outboxOf, type OutboxRow } from './plugin-outbox-support.ts';
import { createPluginWorld, installPlugin, uninstallPlugin, type PluginWorld } from './plugin-runtime-support.ts';
import { at, FIXED_NOW } from './scheduling-test-support.ts';

const SLUG = 'appointment-reminders';
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
  await installPlugin(world.database, world.a.id, SLUG, {});
});

const runReminders = async () => {
  await world.app.marketplace.runSchedule(SLUG, 'due-reminders');
  await world.settle();
};
const forAppointment = (rows: OutboxRow[], id: string) => rows.filter((row) => row.appointmentId === id);
const bookA = (startsAt: string, resource: 'own' | 'other' = 'other', customerId = world.a.customers.other) =>
  book(world, 'a', { resourceId: world.a.resources[resource], serviceId: world.a.services.cut, customerId, startsAt });

describe('when a reminder is written', () => {
  it('nothing before start − hoursBefore; one row from exactly then; reruns and concurrent runs add none', async () => {
    // The fixture's appointments start 2026-03-09T09:00Z (10:00 in Berlin); the default lead time is 24 hours.
    world.clock.set(at('2026-03-08T08:59:00Z'));
    await runReminders();
    expect(await outboxOf(world, 'a')).toEqual([]);

    world.clock.set(at('2026-03-08T09:00:00Z'));
    await runReminders();
    await runReminders();
    await Promise.all([runReminders(), runReminders(), runReminders()]);
    const rows = await outboxOf(world, 'a');
    expect(rows.map((row) => row.appointmentId).sort()).toEqual([world.a.appointments.own, world.a.appointments.other].sort());
    const [own] = forAppointment(rows, world.a.appointments.own);
    expect(own).toMatchObject({
      pluginSlug: SLUG,
      kind: 'REMINDER',
      dedupeKey: `reminder:${world.a.appointments.own}:2026-03-09T09:00:00.000Z`,
      recipientEmail: 'own@example.test',
      recipientUserId: null,
      customerId: world.a.customers.own,
    });
    expect(own!.subject).toBe('Reminder: Cut on Monday, 9 March 2026 at 10:00');
    expect(own!.body).toContain('Cut appointment on Monday, 9 March 2026 at 10:00 (Europe/Berlin)');
    expect(own!.body).toContain('Own Customer');
  });

  it('a rescheduled appointment gets a second reminder for its new time, the old one stays', async () => {
    const id = await bookA('2026-03-10T15:00:00+01:00');
    world.clock.set(at('2026-03-09T14:00:00Z'));
    await runReminders();
    expect(forAppointment(await outboxOf(world, 'a'), id).map((row) => row.dedupeKey)).toEqual([`reminder:${id}:2026-03-10T14:00:00.000Z`]);

    await changeAppointment(world, 'a', id, { startsAt: '2026-03-10T16:30:00+01:00' });
    await runReminders();
    expect(forAppointment(await outboxOf(world, 'a'), id)).toHaveLength(1);
    world.clock.set(at('2026-03-09T15:30:00Z'));
    await runReminders();
    await runReminders();
    const rows = forAppointment(await outboxOf(world, 'a'), id);
    expect(rows.map((row) => row.dedupeKey)).toEqual([`reminder:${id}:2026-03-10T14:00:00.000Z`, `reminder:${id}:2026-03-10T15:30:00.000Z`]);
    expect(rows[1]!.subject).toBe('Reminder: Cut on Tuesday, 10 March 2026 at 16:30');
  });

  it('a cancelled appointment gets none, its neighbour does', async () => {
    const cancelled = await bookA('2026-03-11T09:00:00+01:00');
    const kept = await bookA('2026-03-11T11:00:00+01:00');
    await changeAppointment(world, 'a', cancelled, { status: 'CANCELLED' });
    world.clock.set(at('2026-03-10T12:00:00Z'));
    await runReminders();
    const rows = await outboxOf(world, 'a');
    expect(forAppointment(rows, cancelled)).toEqual([]);
    expect(forAppointment(rows, kept)).toHaveLength(1);
  });

  it('an appointment that has already started gets none; a confirmed one is reminded like a pending one', async () => {
    const started = await bookA('2026-03-12T09:00:00+01:00');
    const confirmed = await bookA('2026-03-12T12:00:00+01:00');
    await changeAppointment(world, 'a', confirmed, { status: 'CONFIRMED' });
    // The scheduler was down until after the first one started.
    world.clock.set(at('2026-03-12T08:00:00Z'));
    await runReminders();
    const rows = await outboxOf(world, 'a');
    expect(forAppointment(rows, started)).toEqual([]);
    expect(forAppointment(rows, confirmed)).toHaveLength(1);
  });

  it('a customer without an email is skipped', async () => {
    const noEmail = await createCustomer(world, 'a', { name: 'No Mail' });
    const id = await bookA('2026-03-13T09:00:00+01:00', 'other', noEmail);
    const withEmail = await bookA('2026-03-13T10:00:00+01:00');
    world.clock.set(at('2026-03-12T12:00:00Z'));
    await runReminders();
    const rows = await outboxOf(world, 'a');
    expect(forAppointment(rows, id)).toEqual([]);
    expect(forAppointment(rows, withEmail)).toHaveLength(1);
  });
});

describe('config', () => {
  it('hoursBefore sets the lead time and message adds a line', async () => {
    await installPlugin(world.database, world.a.id, SLUG, { hoursBefore: 2, message: 'Please bring your loyalty card.' });
    const id = await bookA('2026-03-16T14:00:00+01:00');
    world.clock.set(at('2026-03-16T10:59:00Z'));
    await runReminders();
    expect(forAppointment(await outboxOf(world, 'a'), id)).toEqual([]);

    world.clock.set(at('2026-03-16T11:00:00Z'));
    await runReminders();
    const rows = forAppointment(await outboxOf(world, 'a'), id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.body).toContain('Please bring your loyalty card.');
  });
});

describe('installation and isolation', () => {
  it('uninstalled: nothing is written', async () => {
    const id = await bookA('2026-03-17T10:00:00+01:00');
    await uninstallPlugin(world.database, world.a.id, SLUG);
    world.clock.set(at('2026-03-17T08:00:00Z'));
    await runReminders();
    expect(await world.app.marketplace.runTenantSchedule(world.a.id, SLUG, 'due-reminders')).toBe(false);
    expect(forAppointment(await outboxOf(world, 'a'), id)).toEqual([]);
    expect(await outboxOf(world, 'a')).toEqual([]);
  });

  it("B's installation writes only B's reminders, with B's config; A's run never sees B's appointments", async () => {
    await uninstallPlugin(world.database, world.a.id, SLUG);
    await installPlugin(world.database, world.b.id, SLUG, { hoursBefore: 48, message: 'Beta only.' });
    // 30 hours before the fixtures' start: inside B's 48 hours, outside A's 24 (were A's run to use B's config).
    world.clock.set(at('2026-03-08T03:00:00Z'));
    await runReminders();
    expect(await outboxOf(world, 'a')).toEqual([]);
    const bRows = await outboxOf(world, 'b');
    expect(bRows.map((row) => row.appointmentId).sort()).toEqual([world.b.appointments.own, world.b.appointments.other].sort());
    expect(bRows.every((row) => row.body.includes('Beta only.'))).toBe(true);

    // Both installed: A's run, with A's 24 hours, writes nothing yet; B's rows stay B's.
    await installPlugin(world.database, world.a.id, SLUG, {});
    await runReminders();
    expect(await outboxOf(world, 'a')).toEqual([]);
    world.clock.set(at('2026-03-08T09:00:00Z'));
    await runReminders();
    const aRows = await outboxOf(world, 'a');
    expect(aRows.map((row) => row.appointmentId).sort()).toEqual([world.a.appointments.own, world.a.appointments.other].sort());
    expect(aRows.some((row) => row.body.includes('Beta only.'))).toBe(false);
    expect(await outboxOf(world, 'b')).toHaveLength(2);
    await uninstallPlugin(world.database, world.b.id, SLUG);
  });
});

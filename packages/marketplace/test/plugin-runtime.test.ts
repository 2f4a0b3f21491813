/**
 * The plugin runtime on its own, over a real database with two tenants and test plugins: who gets called, inside
 * which tenant, with which config, and what a failing plugin leaves behind.
 */
import type { Database } from '@smoothschedule/db';
import { createTenantTestBed, type TenantTestBed } from '@smoothschedule/db/testing';
import type { AppointmentEvent } from '@smoothschedule/scheduling';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createInProcessJobQueue, type InProcessJobQueue } from '../src/jobs/in-process-job-queue.ts';
import {
  DEFAULT_RUNTIME_SETTINGS,
  definePlugin,
  type PluginContext,
  type PluginDefinition,
  type PluginManifest,
} from '../src/plugin-definition.ts';
import { createPluginRuntime, type PluginRuntime } from '../src/runtime/plugin-runtime.ts';

interface Call { plugin: string; tenantId: string; customers: string[]; config: unknown; trigger: string; data?: unknown }
type Key = 'a' | 'b';

let bed: TenantTestBed;
let database: Database;
const tenants = {} as Record<Key, { id: string; schemaName: string; timezone: string }>;
let calls: Call[];
let jobs: InProcessJobQueue;
let runtime: PluginRuntime;

const configSchema = z.strictObject({ label: z.string().default('plain') });
type Config = z.output<typeof configSchema>;

function manifest(slug: string, extra: Partial<PluginManifest<typeof configSchema>> = {}): PluginManifest<typeof configSchema> {
  return {
    slug, name: slug, author: 'Tests', version: '1.0.0', shortDescription: slug, description: slug, category: 'integrations',
    isPlatform: false, configSchema, events: ['created'], schedules: [], ...extra,
  };
}

/** Records the call with the customers the handler can see through its tenant-bound client. */
async function record(plugin: string, trigger: string, context: PluginContext<Config>, data?: unknown): Promise<void> {
  const customers = (await context.db.customer.findMany({ orderBy: { name: 'asc' } })).map((row) => row.name);
  calls.push({ plugin, tenantId: context.tenant.id, customers, config: context.config, trigger, ...(data === undefined ? {} : { data }) });
}

const scheduledJobs = {
  echo: (payload: Record<string, unknown>, context: PluginContext<Config>) => record('scheduled', 'job:echo', context, payload),
  flaky: async () => {
    throw new Error('flaky job');
  },
};
const listener = definePlugin({
  manifest: manifest('listener', { events: ['created', 'cancelled'] }),
  handlers: { onAppointmentEvent: (event, context) => record('listener', `event:${event.type}`, context) },
});
const broken = definePlugin({
  manifest: manifest('broken'),
  handlers: {
    onAppointmentEvent: async () => {
      throw new Error('broken on purpose');
    },
  },
});
const scheduled = definePlugin({
  manifest: manifest('scheduled', { events: [], schedules: [{ name: 'tick', cron: '* * * * *' }] }),
  handlers: { onSchedule: (name, context) => record('scheduled', `schedule:${name}`, context), jobs: scheduledJobs },
});
const buffered = definePlugin({
  manifest: manifest('buffered', { events: [] }),
  handlers: { bufferMinutes: (context) => context.config.label.length },
});
const PLUGINS = [listener, broken, scheduled, buffered] as readonly PluginDefinition[];

const runtimeFor = (plugins: readonly PluginDefinition[]) =>
  createPluginRuntime({
    database, jobQueue: jobs, plugins, clock: () => new Date('2026-03-02T06:00:00Z'),
    log: pino({ level: 'silent' }), settings: DEFAULT_RUNTIME_SETTINGS,
  });

async function install(tenant: Key, slug: string, config: unknown = {}) {
  const plugin = await database.shared.pluginTemplate.findUniqueOrThrow({ where: { slug } });
  await database.shared.pluginInstallation.create({ data: { tenantId: tenants[tenant].id, pluginId: plugin.id, config: config as object } });
}

function event(tenant: Key, type: AppointmentEvent['type']): AppointmentEvent {
  return {
    type, tenantId: tenants[tenant].id, schemaName: tenants[tenant].schemaName, actorUserId: null,
    occurredAt: '2026-03-02T06:00:00.000Z', appointment: {} as AppointmentEvent['appointment'],
  };
}

const failuresIn = (tenant: Key) =>
  database.tenants.withTenant(tenants[tenant], (db) => db.pluginFailure.findMany({ orderBy: { occurredAt: 'asc' } }));

/** The enqueue function a handler of the `scheduled` plugin receives in `tenant`. */
async function enqueueAs(tenant: Key) {
  let captured: PluginContext<Config>['enqueue'] | undefined;
  const probe = definePlugin({
    manifest: scheduled.manifest,
    handlers: {
      onSchedule: async (_name, context) => {
        captured = context.enqueue;
      },
      jobs: scheduledJobs,
    },
  });
  await runtimeFor([probe] as readonly PluginDefinition[]).runTenantSchedule(tenants[tenant].id, 'scheduled', 'tick');
  if (!captured) throw new Error('the probe did not run');
  return captured;
}

beforeAll(async () => {
  bed = await createTenantTestBed(['runtime_a', 'runtime_b']);
  database = bed.db;
  for (const [key, schemaName] of [['a', 'runtime_a'], ['b', 'runtime_b']] as const) {
    const row = await database.shared.tenant.findUniqueOrThrow({ where: { schemaName } });
    tenants[key] = { id: row.id, schemaName, timezone: row.timezone };
    await database.tenants.withTenant(row, (db) => db.customer.create({ data: { name: `${key.toUpperCase()} customer` } }));
  }
  for (const { manifest: m } of PLUGINS) {
    await database.shared.pluginTemplate.create({
      data: { slug: m.slug, name: m.name, author: m.author, version: m.version, shortDescription: m.shortDescription, description: m.description, category: m.category, configSchema: {} },
    });
  }
});
afterAll(async () => bed.close());

beforeEach(async () => {
  calls = [];
  jobs = createInProcessJobQueue({ retryLimit: 1, retryDelayMs: 1 });
  runtime = runtimeFor(PLUGINS);
  await jobs.start();
  await runtime.start();
});
afterEach(async () => {
  await jobs.stop();
  await database.shared.pluginInstallation.deleteMany();
  await database.shared.tenant.updateMany({ data: { status: 'ACTIVE' } });
  for (const key of ['a', 'b'] as const) await database.tenants.withTenant(tenants[key], (db) => db.pluginFailure.deleteMany());
});

describe('appointment events', () => {
  it('reach only the plugins the event\'s tenant installed, inside that tenant, with its config', async () => {
    await install('a', 'listener', { label: 'alpha' });
    await install('b', 'listener', { label: 'beta' });
    await runtime.dispatch(event('a', 'created'));
    expect(calls).toEqual([{ plugin: 'listener', tenantId: tenants.a.id, customers: ['A customer'], config: { label: 'alpha' }, trigger: 'event:created' }]);
    calls = [];
    await runtime.dispatch(event('b', 'cancelled'));
    expect(calls).toEqual([{ plugin: 'listener', tenantId: tenants.b.id, customers: ['B customer'], config: { label: 'beta' }, trigger: 'event:cancelled' }]);
  });

  it('skip events the plugin does not list, tenants without the plugin, and suspended tenants', async () => {
    await install('a', 'listener');
    await runtime.dispatch(event('a', 'completed'));
    await runtime.dispatch(event('b', 'created'));
    await database.shared.tenant.update({ where: { id: tenants.a.id }, data: { status: 'SUSPENDED' } });
    await runtime.dispatch(event('a', 'created'));
    expect(calls).toEqual([]);
  });

  it('a failing plugin is recorded in its tenant and does not stop the others', async () => {
    await install('a', 'broken');
    await install('a', 'listener');
    await expect(runtime.dispatch(event('a', 'created'))).resolves.toBeUndefined();
    expect(calls.map((call) => call.plugin)).toEqual(['listener']);
    expect((await failuresIn('a')).map((row) => [row.pluginSlug, row.trigger, row.message])).toEqual([['broken', 'event:created', 'broken on purpose']]);
    expect(await failuresIn('b')).toEqual([]);
  });

  it('a saved config that no longer parses is recorded and the handler is not called', async () => {
    await install('a', 'listener', { label: 42 });
    await runtime.dispatch(event('a', 'created'));
    expect(calls).toEqual([]);
    expect((await failuresIn('a'))[0]?.message).toMatch(/no longer valid/);
  });
});

describe('schedules and jobs', () => {
  it('a schedule runs once for each tenant that has the plugin, each inside its own schema', async () => {
    await install('a', 'scheduled');
    await install('b', 'scheduled', { label: 'b' });
    await runtime.runSchedule('scheduled', 'tick');
    const seen = calls.map((call) => `${call.tenantId} ${call.customers.join()} ${call.trigger}`).sort();
    expect(seen).toEqual([`${tenants.a.id} A customer schedule:tick`, `${tenants.b.id} B customer schedule:tick`].sort());
    expect(await runtime.runTenantSchedule(tenants.a.id, 'scheduled', 'unknown')).toBe(false);
  });

  it('the cron job fans out one queued job per tenant', async () => {
    await install('a', 'scheduled');
    await install('b', 'scheduled');
    expect(jobs.schedules.get('plugin.scheduled.schedule.tick')).toBe('* * * * *');
    await jobs.send('plugin.scheduled.schedule.tick', {});
    await jobs.idle();
    expect(calls.map((call) => call.tenantId).sort()).toEqual([tenants.a.id, tenants.b.id].sort());
  });

  it('a plugin job runs in the tenant that queued it, whatever tenant id its data claims', async () => {
    await install('a', 'scheduled');
    await install('b', 'scheduled');
    const enqueue = await enqueueAs('a');
    await enqueue('echo', { tenantId: tenants.b.id, n: 1 });
    await jobs.idle();
    expect(calls).toEqual([
      { plugin: 'scheduled', tenantId: tenants.a.id, customers: ['A customer'], config: { label: 'plain' }, trigger: 'job:echo', data: { tenantId: tenants.a.id, n: 1 } },
    ]);
  });

  it('a failing job is recorded on each attempt; a job of a plugin uninstalled since does nothing', async () => {
    await install('a', 'scheduled');
    const enqueue = await enqueueAs('a');
    await enqueue('flaky', {});
    await jobs.idle();
    expect((await failuresIn('a')).map((row) => row.trigger)).toEqual(['job:flaky', 'job:flaky']);
    await database.shared.pluginInstallation.deleteMany();
    await enqueue('echo', {});
    await jobs.idle();
    expect(calls).toEqual([]);
  });

  it('refuses to queue a job the plugin does not declare', async () => {
    await install('a', 'scheduled');
    const enqueue = await enqueueAs('a');
    expect(() => enqueue('missing', {})).toThrow(/no job named missing/);
  });
});

describe('buffer minutes', () => {
  it('add up the installed plugins\' minutes for the asking tenant only', async () => {
    await install('a', 'buffered', { label: 'twelve chars' });
    const query = (tenant: Key) => database.tenants.withTenant(tenants[tenant], (db) =>
      runtime.bufferMinutes({ tenant: tenants[tenant] as never, db, service: { id: 'x', durationMinutes: 30, bufferMinutes: 0 } }));
    expect(await query('a')).toBe(12);
    expect(await query('b')).toBe(0);
  });
});

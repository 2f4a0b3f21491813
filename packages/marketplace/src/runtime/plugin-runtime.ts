/**
 * Runs installed plugins: appointment events (after commit, from scheduling's event bus), scheduled work (a cron
 * job per plugin schedule fans out one job per tenant that has the plugin) and the plugins' own queued jobs. Every
 * handler runs inside its tenant (database.tenants.withTenant) with the config that tenant saved; a handler that
 * throws is recorded and never reaches the request, the other plugins or the other tenants.
 */
import type { Database } from '@smoothschedule/db';
import type { AppointmentEvent, BufferQuery } from '@smoothschedule/scheduling';
import type { FastifyBaseLogger } from 'fastify';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { PluginContext, PluginDefinition, PluginRuntimeSettings, PluginTenant, PluginUser } from '../plugin-definition.ts';
import { createInstallationDirectory } from './installation-directory.ts';
import { createFailureRecorder } from './plugin-failures.ts';
import {
  parsePluginJobPayload,
  parseTenantSchedulePayload,
  pluginJobQueue,
  scheduleQueue,
  TENANT_SCHEDULE_QUEUE,
  withTenantId,
} from './runtime-queues.ts';

export interface PluginRuntimeOptions {
  database: Database;
  jobQueue: JobQueue;
  plugins: readonly PluginDefinition[];
  clock: () => Date;
  log: FastifyBaseLogger;
  settings: PluginRuntimeSettings;
}

export interface PluginRuntime {
  /** Delivers one committed appointment event to the plugins its tenant installed that listen for it. */
  dispatch(event: AppointmentEvent): Promise<void>;
  /** Extra buffer minutes from the tenant's installed plugins (scheduling's buffer provider). */
  bufferMinutes(query: BufferQuery): Promise<number>;
  /** Runs one plugin schedule for every tenant that has the plugin, now, without the queue (tests, operators). */
  runSchedule(slug: string, scheduleName: string): Promise<void>;
  /** Runs one plugin schedule for one tenant; false when the tenant does not have the plugin. */
  runTenantSchedule(tenantId: string, slug: string, scheduleName: string): Promise<boolean>;
  /** Registers the queue workers and the cron schedules. */
  start(): Promise<void>;
}

export function createPluginRuntime(options: PluginRuntimeOptions): PluginRuntime {
  const { database, jobQueue, plugins, clock, log, settings } = options;
  const directory = createInstallationDirectory(database);
  const recordFailure = createFailureRecorder(database, log);
  const bySlug = new Map(plugins.map((plugin) => [plugin.manifest.slug, plugin]));

  function contextFor<Config>(plugin: PluginDefinition, tenant: PluginTenant, config: Config, db: PluginContext<Config>['db']): PluginContext<Config> {
    const slug = plugin.manifest.slug;
    return {
      tenant,
      config,
      db,
      now: clock(),
      settings,
      log: log.child({ plugin: slug, tenantId: tenant.id }),
      users: (ids) => usersOf(tenant.id, ids),
      enqueue: (job, data, sendOptions) => {
        if (!plugin.handlers.jobs?.[job]) throw new Error(`plugin ${slug} has no job named ${job}`);
        return jobQueue.send(pluginJobQueue(slug, job), withTenantId(tenant.id, data), sendOptions);
      },
    };
  }

  /** Filtered by the tenant's id, so a user id another tenant's data names resolves to nobody. */
  async function usersOf(tenantId: string, ids: readonly string[]): Promise<PluginUser[]> {
    if (ids.length === 0) return [];
    return database.shared.user.findMany({
      where: { tenantId, id: { in: [...new Set(ids)] }, isActive: true },
      select: { id: true, email: true, firstName: true, lastName: true, role: true },
      orderBy: { id: 'asc' },
    });
  }

  /** Parses the stored config (defaults for fields added since) and runs `work` inside the tenant. */
  async function runInTenant(
    plugin: PluginDefinition,
    tenant: PluginTenant,
    storedConfig: unknown,
    trigger: string,
    work: (context: PluginContext<Record<string, unknown>>) => Promise<void>,
  ): Promise<boolean> {
    const slug = plugin.manifest.slug;
    const parsed = plugin.manifest.configSchema.safeParse(storedConfig ?? {});
    if (!parsed.success) {
      await recordFailure(tenant, slug, trigger, new Error(`the saved config is no longer valid: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`));
      return false;
    }
    try {
      await database.tenants.withTenant(tenant, (db) => work(contextFor(plugin, tenant, parsed.data, db)));
      return true;
    } catch (error) {
      await recordFailure(tenant, slug, trigger, error);
      return false;
    }
  }

  const listeners = plugins.filter((plugin) => plugin.handlers.onAppointmentEvent !== undefined);
  const bufferPlugins = plugins.filter((plugin) => plugin.handlers.bufferMinutes !== undefined);

  async function dispatch(event: AppointmentEvent): Promise<void> {
    const interested = listeners.filter((plugin) => plugin.manifest.events.includes(event.type)).map((plugin) => plugin.manifest.slug);
    const found = await directory.installedIn(event.tenantId, interested);
    if (!found) return;
    for (const installed of found.plugins) {
      const plugin = bySlug.get(installed.slug)!;
      await runInTenant(plugin, found.tenant, installed.config, `event:${event.type}`, (context) =>
        plugin.handlers.onAppointmentEvent!(event, context));
    }
  }

  async function bufferMinutes(query: BufferQuery): Promise<number> {
    if (bufferPlugins.length === 0) return 0;
    const found = await directory.installedIn(query.tenant.id, bufferPlugins.map((plugin) => plugin.manifest.slug));
    if (!found) return 0;
    let total = 0;
    for (const installed of found.plugins) {
      const plugin = bySlug.get(installed.slug)!;
      const parsed = plugin.manifest.configSchema.safeParse(installed.config ?? {});
      if (!parsed.success) continue;
      try {
        total += await plugin.handlers.bufferMinutes!(contextFor(plugin, found.tenant, parsed.data, query.db));
      } catch (error) {
        await recordFailure(found.tenant, installed.slug, 'buffer', error);
      }
    }
    return total;
  }

  async function runTenantSchedule(tenantId: string, slug: string, scheduleName: string): Promise<boolean> {
    const plugin = bySlug.get(slug);
    if (!plugin?.handlers.onSchedule || !plugin.manifest.schedules.some((schedule) => schedule.name === scheduleName)) return false;
    const found = await directory.installedIn(tenantId, [slug]);
    const installed = found?.plugins[0];
    if (!found || !installed) return false;
    await runInTenant(plugin, found.tenant, installed.config, `schedule:${scheduleName}`, (context) =>
      plugin.handlers.onSchedule!(scheduleName, context));
    return true;
  }

  async function runSchedule(slug: string, scheduleName: string): Promise<void> {
    for (const { tenant } of await directory.tenantsWith(slug)) await runTenantSchedule(tenant.id, slug, scheduleName);
  }

  async function runPluginJob(slug: string, job: string, data: Record<string, unknown>): Promise<void> {
    const plugin = bySlug.get(slug)!;
    const payload = parsePluginJobPayload(data);
    if (!payload) return log.warn({ plugin: slug, job }, 'dropped a plugin job without a tenant id');
    const found = await directory.installedIn(payload.tenantId, [slug]);
    const installed = found?.plugins[0];
    // Uninstalled (or tenant suspended) since the job was queued: the job has nothing left to do.
    if (!found || !installed) return;
    let failure: unknown;
    const succeeded = await runInTenant(plugin, found.tenant, installed.config, `job:${job}`, async (context) => {
      try {
        await plugin.handlers.jobs![job]!(payload, context);
      } catch (error) {
        failure = error;
        throw error;
      }
    });
    // Thrown again so the queue retries it under its retry settings (the failure is already recorded).
    if (!succeeded && failure !== undefined) throw failure;
  }

  async function start(): Promise<void> {
    await jobQueue.work(TENANT_SCHEDULE_QUEUE, async (data) => {
      const payload = parseTenantSchedulePayload(data);
      if (payload) await runTenantSchedule(payload.tenantId, payload.slug, payload.schedule);
    });
    for (const plugin of plugins) {
      const slug = plugin.manifest.slug;
      for (const schedule of plugin.manifest.schedules) {
        const queue = scheduleQueue(slug, schedule.name);
        // The cron job only fans out: one job per tenant, so tenants run (and fail, and retry) independently.
        await jobQueue.work(queue, async () => {
          for (const { tenant } of await directory.tenantsWith(slug)) {
            await jobQueue.send(TENANT_SCHEDULE_QUEUE, { tenantId: tenant.id, slug, schedule: schedule.name }, {
              singletonKey: `${slug}:${schedule.name}:${tenant.id}`,
            });
          }
        });
        await jobQueue.schedule(queue, schedule.cron);
      }
      for (const job of Object.keys(plugin.handlers.jobs ?? {})) {
        await jobQueue.work(pluginJobQueue(slug, job), (data) => runPluginJob(slug, job, data));
      }
    }
  }

  return { dispatch, bufferMinutes, runSchedule, runTenantSchedule, start };
}

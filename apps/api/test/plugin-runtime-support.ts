/**
 * A scheduling world whose app runs plugins on an in-process job queue the test can wait on, with helpers to
 * install a plugin in a tenant straight in the database (the install routes have their own tests) and to read
 * what plugins wrote.
 */
import type { Database } from '@smoothschedule/db';
import { createInProcessJobQueue, PLATFORM_PLUGINS, type InProcessJobQueue } from '@smoothschedule/marketplace';
import { z } from 'zod';
import type { MovableClock } from './masquerade-test-support.ts';
import { createSchedulingWorld, type SchedulingWorld, type SchedulingWorldOptions } from './scheduling-test-support.ts';

export interface PluginWorld extends SchedulingWorld {
  jobs: InProcessJobQueue;
  /** Waits until event deliveries and queued jobs (retries included) have all finished. */
  settle(): Promise<void>;
}

export async function createPluginWorld(options: Omit<SchedulingWorldOptions, 'jobQueue'> = {}): Promise<PluginWorld> {
  const jobs = createInProcessJobQueue({ retryLimit: 0 });
  const world = await createSchedulingWorld({ ...options, jobQueue: jobs });
  return {
    ...world,
    jobs,
    async settle() {
      // An event can queue a job and a job can publish nothing back, so two rounds settle everything.
      await world.app.scheduling.eventsIdle();
      await jobs.idle();
      await world.app.scheduling.eventsIdle();
    },
  };
}

/** Writes the plugin's catalog row (from its manifest) if missing, then installs it in the tenant with `config`. */
export async function installPlugin(database: Database, tenantId: string, slug: string, config: Record<string, unknown> = {}) {
  const plugin = PLATFORM_PLUGINS.find((candidate) => candidate.manifest.slug === slug);
  if (!plugin) throw new Error(`no plugin ${slug}`);
  const { manifest } = plugin;
  const template = await database.shared.pluginTemplate.upsert({
    where: { slug },
    update: {},
    create: {
      slug, name: manifest.name, author: manifest.author, version: manifest.version, shortDescription: manifest.shortDescription,
      description: manifest.description, category: manifest.category, isPlatform: manifest.isPlatform,
      configSchema: z.toJSONSchema(manifest.configSchema, { io: 'input' }) as object,
      events: [...manifest.events], schedules: manifest.schedules.map((schedule) => schedule.name),
    },
  });
  return database.shared.pluginInstallation.upsert({
    where: { tenantId_pluginId: { tenantId, pluginId: template.id } },
    update: { config: manifest.configSchema.parse(config) as object },
    create: { tenantId, pluginId: template.id, config: manifest.configSchema.parse(config) as object },
  });
}

/** A clock that stands still until the test sets or advances it, for exact assertions on stored instants. */
export function steppedClock(): MovableClock {
  let now = Date.now();
  const clock = (() => new Date(now)) as MovableClock;
  clock.set = (at) => {
    now = at.getTime();
  };
  clock.advanceMinutes = (minutes) => {
    now += minutes * 60_000;
  };
  clock.reset = () => {
    now = Date.now();
  };
  return clock;
}

export async function uninstallPlugin(database: Database, tenantId: string, slug: string): Promise<void> {
  await database.shared.pluginInstallation.deleteMany({ where: { tenantId, plugin: { slug } } });
}

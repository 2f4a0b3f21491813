/**
 * What a marketplace plugin is: a manifest (the catalog entry, written to plugin_templates by the catalog sync)
 * plus handlers the runtime calls. Each plugin lives in plugins/<slug>/ and is listed in plugins/index.ts; nothing
 * else registers plugins, so the folders are the catalog.
 */
import type { TenantClient } from '@smoothschedule/db';
import type { AppointmentEvent, AppointmentEventType } from '@smoothschedule/scheduling';
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { SendOptions } from './jobs/job-queue.ts';

export const PLUGIN_CATEGORIES = ['notifications', 'scheduling', 'customers', 'integrations'] as const;
export type PluginCategory = (typeof PLUGIN_CATEGORIES)[number];

/** A recurring piece of work: the runtime runs `run` for every tenant that has the plugin, on `cron` (UTC). */
export interface PluginScheduleManifest {
  name: string;
  cron: string;
}

export interface PluginManifest<Config extends z.ZodObject = z.ZodObject> {
  slug: string;
  name: string;
  author: string;
  /** Semver. */
  version: string;
  /** One line. */
  shortDescription: string;
  /** Markdown: several paragraphs with bullet points. */
  description: string;
  category: PluginCategory;
  /** Shipped with the platform (author Smooth Schedule). */
  isPlatform: boolean;
  /** Validates an installation's config; its JSON Schema is the catalog's configSchema. */
  configSchema: Config;
  /** Config fields never sent back to clients (secrets). */
  secretConfigKeys?: readonly (keyof z.infer<Config> & string)[];
  events: readonly AppointmentEventType[];
  schedules: readonly PluginScheduleManifest[];
}

/** The tenant a handler runs for; its data is reached only through `db`, bound to that tenant's schema. */
export interface PluginTenant {
  id: string;
  schemaName: string;
  timezone: string;
}

/** Platform settings plugins read (from the server's configuration, never from the environment directly). */
export interface PluginRuntimeSettings {
  webhooks: {
    /** Per attempt. */
    timeoutMs: number;
    /** First retry delay; doubled on each further attempt. */
    retryBaseMs: number;
    /** Allows loopback and private-network targets (development and tests only: otherwise a tenant could reach
     *  the platform's internal network through its webhook URL). */
    allowPrivateTargets: boolean;
  };
}

export const DEFAULT_RUNTIME_SETTINGS: PluginRuntimeSettings = {
  webhooks: { timeoutMs: 10_000, retryBaseMs: 30_000, allowPrivateTargets: false },
};

/** A user of the context's tenant, as the shared users table knows them (for messages to staff). */
export interface PluginUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: string;
}

export interface PluginContext<Config> {
  tenant: PluginTenant;
  config: Config;
  /** Bound to the tenant's schema. */
  db: TenantClient;
  /** The runtime's clock (injectable in tests). */
  now: Date;
  /** Queues one of this plugin's own `jobs` for this tenant (the runtime adds the tenant id to the payload). */
  enqueue(job: string, data: Record<string, unknown>, options?: SendOptions): Promise<string | null>;
  log: FastifyBaseLogger;
  settings: PluginRuntimeSettings;
  /** The active users of this tenant among `ids` (read from the shared schema, never another tenant's users). */
  users(ids: readonly string[]): Promise<PluginUser[]>;
}

export interface PluginHandlers<Config> {
  /** Called after the appointment change committed, for the events the manifest lists. */
  onAppointmentEvent?(event: AppointmentEvent, context: PluginContext<Config>): Promise<void>;
  /** Called for each of the manifest's schedules, once per tenant that has the plugin installed. */
  onSchedule?(scheduleName: string, context: PluginContext<Config>): Promise<void>;
  /** Extra minutes kept free after each appointment of the tenant (availability and new bookings). */
  bufferMinutes?(context: PluginContext<Config>): number | Promise<number>;
  /** Work this plugin queues for itself (e.g. a webhook delivery), by job name; payloads carry the tenant id. */
  jobs?: Readonly<Record<string, (payload: PluginJobPayload, context: PluginContext<Config>) => Promise<void>>>;
}

/** Every job payload names its tenant; the runtime re-enters that tenant before calling the handler. */
export interface PluginJobPayload {
  tenantId: string;
  [key: string]: unknown;
}

export interface PluginDefinition<Config extends z.ZodObject = z.ZodObject> {
  manifest: PluginManifest<Config>;
  handlers: PluginHandlers<z.infer<Config>>;
}

/** Keeps the config type of a plugin's handlers tied to its manifest's schema. */
export function definePlugin<Config extends z.ZodObject>(definition: PluginDefinition<Config>): PluginDefinition<Config> {
  return definition;
}

/** The parsed config type of a manifest (defaults applied). */
export type ConfigOf<Manifest extends PluginManifest> = z.output<Manifest['configSchema']>;

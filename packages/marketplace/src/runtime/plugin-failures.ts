/**
 * A plugin handler that threw is recorded in the tenant's plugin_failures table and in the server log; whoever
 * triggered it (a request, another plugin, a job) carries on. Recording runs outside the handler's own work, so a
 * handler that broke its transaction still leaves a trace.
 */
import type { Database } from '@smoothschedule/db';
import type { FastifyBaseLogger } from 'fastify';
import type { PluginTenant } from '../plugin-definition.ts';

export type FailureRecorder = (tenant: PluginTenant, pluginSlug: string, trigger: string, error: unknown) => Promise<void>;

const MAX_MESSAGE_LENGTH = 2000;

export function createFailureRecorder(database: Database, log: FastifyBaseLogger): FailureRecorder {
  return async (tenant, pluginSlug, trigger, error) => {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_MESSAGE_LENGTH) || 'unknown error';
    log.error({ err: error, tenantId: tenant.id, plugin: pluginSlug, trigger }, 'plugin handler failed');
    try {
      await database.tenants.withTenant(tenant, (db) => db.pluginFailure.create({ data: { pluginSlug, trigger, message } }));
    } catch (recordError) {
      log.error({ err: recordError, tenantId: tenant.id, plugin: pluginSlug }, 'could not record a plugin failure');
    }
  };
}

/** Queue names and payloads of the plugin runtime. Every payload names its tenant; nothing else is trusted in it. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One job per tenant and schedule run. */
export const TENANT_SCHEDULE_QUEUE = 'plugin.tenant-schedule';

export const scheduleQueue = (slug: string, scheduleName: string) => `plugin.${slug}.schedule.${scheduleName}`;
export const pluginJobQueue = (slug: string, job: string) => `plugin.${slug}.job.${job}`;

export function parseTenantSchedulePayload(data: Record<string, unknown>): { tenantId: string; slug: string; schedule: string } | null {
  const { tenantId, slug, schedule } = data;
  if (typeof tenantId !== 'string' || !UUID.test(tenantId) || typeof slug !== 'string' || typeof schedule !== 'string') return null;
  return { tenantId, slug, schedule };
}

/** A plugin job's payload: the plugin's data, with the tenant id set by the runtime (never by the plugin). */
export function withTenantId(tenantId: string, data: Record<string, unknown>): Record<string, unknown> {
  return { ...data, tenantId };
}

export function parsePluginJobPayload(data: Record<string, unknown>): ({ tenantId: string } & Record<string, unknown>) | null {
  const { tenantId } = data;
  return typeof tenantId === 'string' && UUID.test(tenantId) ? { ...data, tenantId } : null;
}

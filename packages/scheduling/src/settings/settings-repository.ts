/**
 * The tenant's scheduling settings: the one-row scheduling_settings table in the tenant schema, and the
 * tenant's timezone, which lives on the tenant row in public (tenancy reads it with every request).
 */
import type { SharedClient, TenantClient } from '@smoothschedule/db';

export const DEFAULT_CANCELLATION_WINDOW_MINUTES = 1440;

export function createSettingsRepository(db: TenantClient) {
  return {
    /** The row always exists (the migration inserts it); the default covers a schema restored without it. */
    async cancellationWindowMinutes(): Promise<number> {
      const row = await db.schedulingSettings.findUnique({ where: { id: 1 }, select: { cancellationWindowMinutes: true } });
      return row?.cancellationWindowMinutes ?? DEFAULT_CANCELLATION_WINDOW_MINUTES;
    },

    async setCancellationWindowMinutes(minutes: number): Promise<void> {
      await db.schedulingSettings.upsert({
        where: { id: 1 },
        create: { id: 1, cancellationWindowMinutes: minutes },
        update: { cancellationWindowMinutes: minutes },
      });
    },
  };
}

export function createTenantTimezoneRepository(shared: SharedClient) {
  return {
    async set(tenantId: string, timezone: string): Promise<void> {
      // The tenants trigger announces the change, so every process's host cache forgets the old timezone.
      await shared.tenant.update({ where: { id: tenantId }, data: { timezone } });
    },
  };
}

/** public.tenants as the platform API reads and changes it, through the shared client it is given. */
import type { SharedClient } from '@smoothschedule/db';

const TENANT_FIELDS = {
  id: true,
  name: true,
  schemaName: true,
  subscriptionTier: true,
  status: true,
  isDemo: true,
  timezone: true,
  createdAt: true,
  domains: { where: { isPrimary: true }, select: { domain: true } },
} as const;

export interface TenantRow {
  id: string;
  name: string;
  schemaName: string;
  subscriptionTier: 'FREE' | 'PROFESSIONAL' | 'BUSINESS' | 'ENTERPRISE';
  status: 'ACTIVE' | 'TRIAL' | 'SUSPENDED';
  isDemo: boolean;
  timezone: string;
  createdAt: Date;
  domains: Array<{ domain: string }>;
  /** Where the tenant's schema stands with the tenant migrations (null before its first migrator run). */
  migration: { version: string | null; lastError: string | null; lastRunAt: Date | null } | null;
}

type StoredTenant = Omit<TenantRow, 'migration'>;

export function createPlatformTenantRepository(shared: SharedClient) {
  /** One more query for any number of tenants: the migrator's state of each tenant's schema. */
  const withMigrationState = async (rows: StoredTenant[]): Promise<TenantRow[]> => {
    if (rows.length === 0) return [];
    const states = await shared.schemaMigrationState.findMany({
      where: { schemaName: { in: rows.map((row) => row.schemaName) } },
      select: { schemaName: true, version: true, lastError: true, lastRunAt: true },
    });
    const bySchema = new Map(states.map((state) => [state.schemaName, state]));
    return rows.map((row) => {
      const state = bySchema.get(row.schemaName);
      return { ...row, migration: state ? { version: state.version, lastError: state.lastError, lastRunAt: state.lastRunAt } : null };
    });
  };

  return {
    async findById(id: string): Promise<TenantRow | null> {
      const row = await shared.tenant.findUnique({ where: { id }, select: TENANT_FIELDS });
      return row === null ? null : (await withMigrationState([row]))[0]!;
    },

    /** One page, oldest first (id breaks ties, so pages never overlap), and the total under the same filter. */
    async list(filter: { isDemo?: true }, skip: number, take: number): Promise<{ rows: TenantRow[]; total: number }> {
      const [rows, total] = await shared.$transaction([
        shared.tenant.findMany({ where: filter, select: TENANT_FIELDS, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], skip, take }),
        shared.tenant.count({ where: filter }),
      ]);
      return { rows: await withMigrationState(rows), total };
    },

    async update(id: string, changes: { subscriptionTier?: TenantRow['subscriptionTier']; status?: TenantRow['status'] }): Promise<TenantRow> {
      return (await withMigrationState([await shared.tenant.update({ where: { id }, data: changes, select: TENANT_FIELDS })]))[0]!;
    },
  };
}

export type PlatformTenantRepository = ReturnType<typeof createPlatformTenantRepository>;

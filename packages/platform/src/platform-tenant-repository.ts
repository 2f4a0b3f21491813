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
}

export function createPlatformTenantRepository(shared: SharedClient) {
  return {
    async findById(id: string): Promise<TenantRow | null> {
      return shared.tenant.findUnique({ where: { id }, select: TENANT_FIELDS });
    },

    /** One page, oldest first (id breaks ties, so pages never overlap), and the total under the same filter. */
    async list(filter: { isDemo?: true }, skip: number, take: number): Promise<{ rows: TenantRow[]; total: number }> {
      const [rows, total] = await shared.$transaction([
        shared.tenant.findMany({ where: filter, select: TENANT_FIELDS, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], skip, take }),
        shared.tenant.count({ where: filter }),
      ]);
      return { rows, total };
    },

    async update(id: string, changes: { subscriptionTier?: TenantRow['subscriptionTier']; status?: TenantRow['status'] }): Promise<TenantRow> {
      return shared.tenant.update({ where: { id }, data: changes, select: TENANT_FIELDS });
    },
  };
}

export type PlatformTenantRepository = ReturnType<typeof createPlatformTenantRepository>;

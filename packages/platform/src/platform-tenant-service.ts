/**
 * The platform tenants API's rules (SPEC §2): create (provision, optionally with an owner), list, read, change tier
 * and status, delete. Every action asks decideTenantManagement first; input is parsed here with zod (a ZodError,
 * before any write).
 */
import type { Decision, Principal, UserService } from '@smoothschedule/auth';
import { Role, type TenantProvisioner } from '@smoothschedule/db';
import {
  createPlatformTenantSchema,
  listPlatformTenantsQuerySchema,
  updatePlatformTenantSchema,
  type CreatePlatformTenantInput,
  type ListPlatformTenantsQuery,
  type PlatformTenant,
  type UpdatePlatformTenantInput,
} from './platform-tenant-input.ts';
import { PlatformTenantNotFoundError, TenantManagementDeniedError } from './platform-tenant-errors.ts';
import type { PlatformTenantRepository, TenantRow } from './platform-tenant-repository.ts';
import { decideTenantManagement, tenantListScope, type TenantManagementAction } from './tenant-management-access.ts';

/**
 * Removes what a tenant keeps outside its database schema (media objects, DNS records). Deleting a tenant runs it
 * before the schema is dropped, so that a failure leaves the tenant whole and the delete can be retried, and once
 * more after, for anything written in between; it must be idempotent.
 */
export type TenantPurge = (tenant: { id: string; schemaName: string }) => Promise<void>;

export interface PlatformTenantServiceOptions {
  tenants: PlatformTenantRepository;
  provisioner: TenantProvisioner;
  users: UserService;
  purges?: readonly TenantPurge[];
  /** Where a failure of the second, after-delete purge is reported (the delete itself has succeeded). */
  onLatePurgeFailure?: (tenantId: string, error: unknown) => void;
}

export function toPlatformTenant(row: TenantRow): PlatformTenant {
  return {
    id: row.id,
    name: row.name,
    schemaName: row.schemaName,
    subscriptionTier: row.subscriptionTier,
    status: row.status,
    isDemo: row.isDemo,
    timezone: row.timezone,
    primaryDomain: row.domains[0]?.domain ?? null,
    migration: row.migration && { ...row.migration, lastRunAt: row.migration.lastRunAt?.toISOString() ?? null },
    createdAt: row.createdAt.toISOString(),
  };
}

function enforce(decision: Decision): void {
  if (decision.allowed) return;
  throw decision.status === 404 ? new PlatformTenantNotFoundError() : new TenantManagementDeniedError(decision.reason);
}

export function createPlatformTenantService(options: PlatformTenantServiceOptions) {
  const { tenants, provisioner, users, purges = [] } = options;

  /** The tenant if the principal may take this action on it; missing and hidden are the same 404. */
  async function load(principal: Principal, id: string, action: TenantManagementAction): Promise<TenantRow> {
    // A role without the action at all learns nothing about which tenants exist: 403 before any lookup.
    enforce(decideTenantManagement(principal, action, { isDemo: true }));
    const tenant = await tenants.findById(id);
    if (!tenant) throw new PlatformTenantNotFoundError();
    enforce(decideTenantManagement(principal, action, tenant));
    return tenant;
  }

  return {
    async create(principal: Principal, input: CreatePlatformTenantInput): Promise<{ tenant: PlatformTenant; ownerId: string | null }> {
      const { owner, ...tenantInput } = createPlatformTenantSchema.parse(input);
      enforce(decideTenantManagement(principal, 'create', tenantInput));
      const provisioned = await provisioner.provision(tenantInput);
      let ownerId: string | null = null;
      if (owner) {
        // Two transactions (the provisioner's and the users service's): if the owner cannot be created, the
        // tenant is removed again, so the request leaves either both or neither.
        try {
          ownerId = (await users.create(principal, { ...owner, role: Role.TENANT_OWNER, tenantId: provisioned.id })).id;
        } catch (error) {
          await provisioner.deprovision(provisioned.id);
          throw error;
        }
      }
      const row = await tenants.findById(provisioned.id);
      if (!row) throw new PlatformTenantNotFoundError();
      return { tenant: toPlatformTenant(row), ownerId };
    },

    async list(principal: Principal, query: ListPlatformTenantsQuery = {}) {
      const { page, pageSize } = listPlatformTenantsQuerySchema.parse(query);
      const scope = tenantListScope(principal);
      if (scope === null) throw new TenantManagementDeniedError(`${principal.role} may not read tenants`);
      const { rows, total } = await tenants.list(scope, (page - 1) * pageSize, pageSize);
      return { tenants: rows.map(toPlatformTenant), page, pageSize, total };
    },

    async get(principal: Principal, id: string): Promise<PlatformTenant> {
      return toPlatformTenant(await load(principal, id, 'read'));
    },

    /** For features that hang off a tenant (custom domains): the tenant, if the principal may change it. */
    async requireManageable(principal: Principal, id: string): Promise<PlatformTenant> {
      return toPlatformTenant(await load(principal, id, 'update'));
    },

    async update(principal: Principal, id: string, input: UpdatePlatformTenantInput): Promise<PlatformTenant> {
      const changes = updatePlatformTenantSchema.parse(input);
      await load(principal, id, 'update');
      return toPlatformTenant(await tenants.update(id, changes));
    },

    async delete(principal: Principal, id: string): Promise<void> {
      const tenant = await load(principal, id, 'delete');
      for (const purge of purges) await purge(tenant);
      await provisioner.deprovision(tenant.id);
      for (const purge of purges) {
        try {
          await purge(tenant);
        } catch (error) {
          options.onLatePurgeFailure?.(tenant.id, error);
        }
      }
    },
  };
}

export type PlatformTenantService = ReturnType<typeof createPlatformTenantService>;

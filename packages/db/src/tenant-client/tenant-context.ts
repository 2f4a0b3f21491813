import { AsyncLocalStorage } from 'node:async_hooks';
import { quoteIdentifier, parseTenantSchemaName } from '../schema-name.ts';

/** The schema that tenant-bound database work runs against. Created once per tenant schema and reused. */
export interface TenantBinding {
  readonly schemaName: string;
  /** The schema name quoted for SQL. */
  readonly quotedSchema: string;
}

export class MissingTenantContextError extends Error {
  readonly code = 'MISSING_TENANT_CONTEXT';
  constructor() {
    super('Tenant database access outside a tenant context: use request.db or withTenant(tenant, fn)');
    this.name = 'MissingTenantContextError';
  }
}

/** Carries the current TenantBinding through async calls, down to the driver adapter. */
export const tenantContext = new AsyncLocalStorage<TenantBinding>();

export function createTenantBinding(schemaName: string): TenantBinding {
  const name = parseTenantSchemaName(schemaName);
  return Object.freeze({ schemaName: name, quotedSchema: quoteIdentifier(name) });
}

/** Bindings for spare schemas, which migrate like tenants but are never reachable through a request. */
export function createInternalBinding(schemaName: string): TenantBinding {
  return Object.freeze({ schemaName, quotedSchema: quoteIdentifier(schemaName) });
}

export function requireTenantBinding(): TenantBinding {
  const binding = tenantContext.getStore();
  if (!binding) throw new MissingTenantContextError();
  return binding;
}

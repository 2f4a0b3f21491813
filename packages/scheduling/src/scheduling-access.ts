/**
 * Who may do what in scheduling (SPEC §3), asked of auth's one permission model (`can`), never decided by role
 * names here. Route guards refuse whole routes (401 without a token, 403 without any capability that could
 * allow the action); the services narrow what remains to the caller's own data (a staff member's resource, a
 * customer's record), where another's object is a 403 for staff (they see the schedule) and a 404 for customers
 * (they do not).
 */
import { can, PermissionDeniedError, principalOf, type Principal, type TenantCapability } from '@smoothschedule/auth';
import type { TenantContext } from '@smoothschedule/tenancy';
import type { FastifyRequest } from 'fastify';

export function holds(principal: Principal | null, tenant: TenantContext, capability: TenantCapability): boolean {
  if (principal === null) return false;
  return can(principal, capability, { tenantId: tenant.id, tenantIsDemo: tenant.isDemo }).allowed;
}

/**
 * An onRequest guard: an access token (401 otherwise) whose principal holds at least one of the capabilities in
 * the host's tenant (403 otherwise; the routes' onError hook logs it as permission.denied). Runs before the body
 * is read.
 */
export function requireAnyCapability(...capabilities: TenantCapability[]) {
  return async function requireCapability(request: FastifyRequest): Promise<void> {
    const principal = principalOf(request);
    const tenant = request.tenant;
    // Tenancy runs first on these routes (config.tenancy 'required'); without a tenant there is nothing to allow.
    if (!tenant || !capabilities.some((capability) => holds(principal, tenant, capability))) {
      throw new PermissionDeniedError(`${principal.role} holds none of ${capabilities.join(', ')}`);
    }
  };
}

/** How much of the schedule a caller reads: everything (staff and platform), or only their own (customers). */
export type ReadScope = { kind: 'all' } | { kind: 'own-customer'; userId: string } | { kind: 'public' };

/** Whose appointments (or blockers) a caller may change. */
export type WriteScope =
  | { kind: 'all' }
  | { kind: 'own-resource'; userId: string }
  | { kind: 'own-customer'; userId: string }
  | { kind: 'none' };

export function scheduleReadScope(principal: Principal | null, tenant: TenantContext): ReadScope {
  if (holds(principal, tenant, 'schedule.read') || holds(principal, tenant, 'appointments.manage')) return { kind: 'all' };
  if (principal !== null && holds(principal, tenant, 'bookings.manage-own')) return { kind: 'own-customer', userId: principal.userId };
  return { kind: 'public' };
}

export function appointmentWriteScope(principal: Principal | null, tenant: TenantContext): WriteScope {
  if (principal === null) return { kind: 'none' };
  if (holds(principal, tenant, 'appointments.manage')) return { kind: 'all' };
  if (holds(principal, tenant, 'appointments.manage-own')) return { kind: 'own-resource', userId: principal.userId };
  if (holds(principal, tenant, 'bookings.manage-own')) return { kind: 'own-customer', userId: principal.userId };
  return { kind: 'none' };
}

export function blockerWriteScope(principal: Principal | null, tenant: TenantContext): WriteScope {
  if (principal === null) return { kind: 'none' };
  if (holds(principal, tenant, 'resources.manage')) return { kind: 'all' };
  if (holds(principal, tenant, 'blockers.manage-own')) return { kind: 'own-resource', userId: principal.userId };
  return { kind: 'none' };
}


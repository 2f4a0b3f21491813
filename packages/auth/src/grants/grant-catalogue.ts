/**
 * The grantable actions (SPEC §6) and which roles hold each one by role: the one table. The permission model's
 * billing, export and appointment-deletion capabilities and its user-management roles are these rows, so that a
 * role holds an action in exactly the same cases whether a route asks through `can` or through `requireAction`.
 * A role holds an action only inside the tenants its role reaches (`reachesTenant`): a tenant role in its own
 * tenant, sales in demo tenants, superusers and managers everywhere.
 */
import { Role } from '../roles.ts';

export const GRANTABLE_ACTIONS = [
  'view_billing',
  'manage_billing',
  'export_customer_data',
  'manage_users',
  'delete_appointments',
] as const;
export type GrantableAction = (typeof GRANTABLE_ACTIONS)[number];

const { SUPERUSER, PLATFORM_MANAGER, PLATFORM_SALES, TENANT_OWNER, TENANT_MANAGER } = Role;

export const ACTION_HOLDERS = {
  view_billing: [SUPERUSER, PLATFORM_MANAGER, TENANT_OWNER],
  // Changing who the invoices go to, and bulk personal data: the business's owner (and god mode) only.
  manage_billing: [SUPERUSER, TENANT_OWNER],
  export_customer_data: [SUPERUSER, TENANT_OWNER],
  // Sales manage the users of demo tenants (their reach), as the users model has always allowed.
  manage_users: [SUPERUSER, PLATFORM_MANAGER, PLATFORM_SALES, TENANT_OWNER, TENANT_MANAGER],
  // Destroys history; everyone else cancels instead.
  delete_appointments: [SUPERUSER, TENANT_OWNER, TENANT_MANAGER],
} as const satisfies Record<GrantableAction, readonly Role[]>;

/** Roles that may create grants at all (SPEC §6); what and to whom is grant-rules.ts. */
export const GRANTOR_ROLES: readonly Role[] = [SUPERUSER, PLATFORM_MANAGER, TENANT_OWNER];

export function isGrantableAction(value: string): value is GrantableAction {
  return (GRANTABLE_ACTIONS as readonly string[]).includes(value);
}

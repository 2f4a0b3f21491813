/**
 * What each subscription tier allows (SPEC §2). Null means unlimited. The packages that create resources, staff
 * users, plugin installations and custom domains check against these; the billing view shows them.
 */
import type { TenantContext } from './tenant-context.ts';

export interface TierLimits {
  resources: number | null;
  /** Users of the tenant other than customers (owners, managers, staff). */
  staffUsers: number | null;
  plugins: number | null;
  customDomains: boolean;
}

export const TIER_LIMITS: Readonly<Record<TenantContext['subscriptionTier'], TierLimits>> = {
  FREE: { resources: 2, staffUsers: 3, plugins: 1, customDomains: false },
  PROFESSIONAL: { resources: 20, staffUsers: 25, plugins: 5, customDomains: true },
  BUSINESS: { resources: 100, staffUsers: 100, plugins: 20, customDomains: true },
  ENTERPRISE: { resources: null, staffUsers: null, plugins: null, customDomains: true },
};

export { tenancy, type TenancyControl, type TenancyRouteMode } from './tenancy-plugin.ts';
export type { TenancyPluginOptions } from './tenancy-options.ts';
export type { TenantContext } from './tenant-context.ts';
export { PlatformHostRequiredError, TenantContextRequiredError, TenantNotFoundError, TenantSuspendedError } from './tenancy-errors.ts';
export { TIER_LIMITS, type TierLimits } from './tier-limits.ts';

export { masquerade, type MasqueradePluginOptions } from './masquerade-plugin.ts';
export { AuditUnavailableError, MasqueradeForbiddenError, NotMasqueradingError } from './masquerade-errors.ts';
export {
  decideMasquerade,
  mayMasquerade,
  MASQUERADE_MATRIX,
  refuseByRole,
  refuseInactiveTarget,
  refuseNested,
  refuseNonTemporaryForSales,
  refuseOtherTenantForTenantHijacker,
  refuseOutsideOwnTenant,
  refuseSelf,
  refuseSuperuserTarget,
  type Denial,
  type Hijacker,
  type MasqueradeTarget,
} from './masquerade-rules.ts';
export { MASQUERADE_LOG_ACTIONS, type MasqueradeLogLine } from './masquerade-log.ts';
export type { MasqueradeService, StartedMasquerade } from './masquerade-service.ts';

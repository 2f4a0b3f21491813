export {
  authentication,
  REFRESH_COOKIE_NAME,
  REFRESH_COOKIE_PATH,
  type AuthenticationControl,
  type AuthenticationPluginOptions,
  type MasqueradeVerifier,
} from './authentication-plugin.ts';
export {
  forbidWhileMasquerading,
  principalOf,
  recordPermissionDenied,
  requireAuthentication,
  requireRoles,
} from './authentication-guards.ts';
export { AUDIT_ACTIONS, createAuditTrail, type AppendedAuditEvent, type AuditAction, type AuditEventInput, type AuditTrail, type AuditTransaction } from './audit/audit-trail.ts';
export { verifyAuditTrail, type AuditVerification } from './audit/audit-verification.ts';
export { auditRowHash, canonicalJson, findChainBreak, GENESIS_HASH, type ChainBreak } from './audit/audit-chain.ts';
export { createAuditQueryRepository, type AuditQuery } from './audit/audit-query.ts';
export { authRoutes } from './routes/auth-routes.ts';
export {
  AuthenticationRequiredError,
  BlockedWhileMasqueradingError,
  CurrentPasswordIncorrectError,
  MasqueradeEndedError,
  EmailTakenError,
  ForbiddenError,
  InvalidCredentialsError,
  InvalidRefreshTokenError,
  InvalidTokenError,
  RateLimitedError,
  TokenExpiredError,
} from './auth-errors.ts';
export type { Principal } from './principal.ts';
export { createSecurityLog, SECURITY_EVENTS, type SecurityEvent, type SecurityLog } from './security-log.ts';
export { hashPassword, verifyPassword, dummyPasswordHash, ARGON2_PARAMETERS } from './password-hashing.ts';
export { Role, ROLES, PLATFORM_ROLES, TENANT_ROLES, ROLE_RANK, isPlatformRole, isTenantRole, outranks } from './roles.ts';
export { can, reachesTenant, TENANT_CAPABILITIES, USER_CAPABILITIES, type Capability, type Decision, type TenantCapability, type TenantTarget, type UserCapability, type UserTarget } from './permission-model.ts';
export { createUserRepository, isEmailUniqueViolation, type UserRepository } from './user-repository.ts';
export { createUserService, type UserService, type UserWriteGuard } from './user-service.ts';
export { createUserInputSchema, updateUserInputSchema, listUsersFilterSchema, type CreateUserInput, type UpdateUserInput, type ListUsersFilter } from './user-input.ts';
export { PUBLIC_USER_FIELDS, publicUserSchema, toPublicUser, type PublicUser } from './public-user.ts';
export { PermissionDeniedError, PlatformOutOfScopeError, RoleTenantMismatchError, UserEmailTakenError, UserNotFoundError, UserTenantNotFoundError } from './user-errors.ts';
export { formatDemoUsers, seedDemoUsers, type SeededDemoUser } from './demo-users-seed.ts';
export { usersRoutes, type UsersRoutesOptions } from './routes/users-routes.ts';
export { auditRoutes, type AuditRoutesOptions } from './routes/audit-routes.ts';
export { errorResponseSchema } from './routes/error-schema.ts';
export { grantsRoutes, grantSchema } from './routes/grants-routes.ts';
export { requireAction } from './grants/require-action.ts';
export { ACTION_HOLDERS, GRANTABLE_ACTIONS, GRANTOR_ROLES, isGrantableAction, type GrantableAction } from './grants/grant-catalogue.ts';
export {
  roleHoldsAction,
  ruleDurationWithinMax,
  ruleGranteeInReach,
  ruleGrantorHoldsAction,
  ruleNotSelf,
  ruleOwnerScope,
  ruleRoleMayGrant,
  type GranteeFacts,
  type GrantRefusal,
  type GrantScope,
} from './grants/grant-rules.ts';
export { DEFAULT_GRANT_MINUTES, mayRevoke, type CreateGrantInput, type GrantService, type GrantView } from './grants/grant-service.ts';
export { GRANT_STATUSES, grantStatus, type GrantStatus } from './grants/grant-repository.ts';
export { ActionNotAllowedError, GrantDurationTooLongError, GrantForbiddenError, GrantNotFoundError } from './grants/grant-errors.ts';
export { NO_USER_GRANTS, type UserGrantScope } from './user-permissions.ts';

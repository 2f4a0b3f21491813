/** The users service's coded errors; apps/api's error handler turns them into the error shape. */
import createError from '@fastify/error';

/** The message is roleTenantProblem's, verbatim (SPEC §3). */
export const RoleTenantMismatchError = createError<[string]>('ROLE_TENANT_MISMATCH', '%s', 400);
export const UserEmailTakenError = createError<[string]>('EMAIL_TAKEN', 'A user with the email %s already exists here', 409);
/** Missing and outside one's scope answer alike, so that existence does not leak. */
export const UserNotFoundError = createError('USER_NOT_FOUND', 'No such user', 404);
export const UserTenantNotFoundError = createError('TENANT_NOT_FOUND', 'No such tenant', 404);
/** A platform user asked for by someone whose scope has no platform. */
export const PlatformOutOfScopeError = createError('PLATFORM_OUT_OF_SCOPE', 'Platform users are outside your scope', 404);
export const PermissionDeniedError = createError<[string]>('PERMISSION_DENIED', '%s', 403);

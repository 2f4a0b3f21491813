/** The grants' coded errors; apps/api's error handler turns them into the error shape. */
import createError from '@fastify/error';

/** A creation or revocation the rules refuse; the message names the rule's reason. */
export const GrantForbiddenError = createError<[string]>('GRANT_FORBIDDEN', '%s', 403);
/** SPEC §6: longer than PERMISSION_GRANT_MAX_MINUTES. */
export const GrantDurationTooLongError = createError<[string]>('GRANT_DURATION_TOO_LONG', '%s', 400);
/** Missing and outside one's visibility answer alike, so that another tenant's grants do not leak. */
export const GrantNotFoundError = createError<[string]>('GRANT_NOT_FOUND', '%s', 404);
/** requireAction: neither the role nor an ACTIVE grant allows the action here. */
export const ActionNotAllowedError = createError<[string]>('ACTION_NOT_ALLOWED', 'You may not %s here', 403);

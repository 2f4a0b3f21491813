/** The masquerade's coded errors; apps/api's error handler turns them into the error shape. */
import createError from '@fastify/error';

export const MasqueradeForbiddenError = createError<[string]>('MASQUERADE_FORBIDDEN', 'Masquerade refused: %s', 403);

export const NotMasqueradingError = createError('NOT_MASQUERADING', 'This request is not masquerading', 409);

/** The audit line or row could not be written, so the masquerade did not happen (fail closed). */
export const AuditUnavailableError = createError(
  'AUDIT_UNAVAILABLE',
  'The masquerade could not be audited, so it was refused; try again later',
  503,
);

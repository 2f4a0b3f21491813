/** The scheduling package's coded errors; apps/api's one error handler turns them into the error shape. */
import createError from '@fastify/error';

export const ResourceNotFoundError = createError('RESOURCE_NOT_FOUND', 'No such resource', 404);
export const ServiceNotFoundError = createError('SERVICE_NOT_FOUND', 'No such service', 404);
export const CustomerNotFoundError = createError('CUSTOMER_NOT_FOUND', 'No such customer', 404);
export const BusinessHoursNotFoundError = createError('BUSINESS_HOURS_NOT_FOUND', 'No such business hours', 404);
export const BlockerNotFoundError = createError('BLOCKER_NOT_FOUND', 'No such blocker', 404);
export const AppointmentNotFoundError = createError('APPOINTMENT_NOT_FOUND', 'No such appointment', 404);

/** The exclusion constraint refused the insert or update: another open appointment holds the time. */
export const SlotTakenError = createError('SLOT_TAKEN', 'The resource is already booked at that time', 409);
export const OutsideBusinessHoursError = createError('OUTSIDE_BUSINESS_HOURS', 'The appointment is not within business hours', 409);
export const ResourceBlockedError = createError<[string]>('RESOURCE_BLOCKED', 'The resource is unavailable then (%s)', 409);
export const ResourceInactiveError = createError('RESOURCE_INACTIVE', 'The resource is inactive', 409);
export const ServiceInactiveError = createError('SERVICE_INACTIVE', 'The service is inactive', 409);
export const ResourceCannotDeliverError = createError(
  'RESOURCE_CANNOT_DELIVER_SERVICE',
  'The resource does not deliver this service',
  409,
);
export const CustomerNotActiveError = createError<[string]>('CUSTOMER_NOT_ACTIVE', 'The customer is %s and cannot book', 409);
export const SlotInPastError = createError('SLOT_IN_PAST', 'The appointment would start in the past', 409);
export const InvalidStatusTransitionError = createError<[string, string]>(
  'INVALID_STATUS_TRANSITION',
  'An appointment cannot go from %s to %s',
  409,
);
export const AppointmentClosedError = createError<[string]>('APPOINTMENT_CLOSED', 'A %s appointment cannot be changed', 409);
export const CancellationWindowPassedError = createError<[number]>(
  'CANCELLATION_WINDOW_PASSED',
  'Appointments can be cancelled only up to %s minutes before they start',
  409,
);
export const CustomerProfileRequiredError = createError(
  'CUSTOMER_PROFILE_REQUIRED',
  'Create your customer record (POST /api/customers) before booking',
  409,
);
export const CustomerProfileExistsError = createError('CUSTOMER_PROFILE_EXISTS', 'You already have a customer record', 409);
export const CustomerUserTakenError = createError('CUSTOMER_USER_TAKEN', 'Another customer record has this userId', 409);
export const IdempotencyKeyReusedError = createError(
  'IDEMPOTENCY_KEY_REUSED',
  'This Idempotency-Key was used with a different request body',
  409,
);
export const InUseError = createError<[string]>('IN_USE', '%s', 409);
export const TierLimitReachedError = createError<[string, number, string]>(
  'TIER_LIMIT_REACHED',
  'The %s tier allows %s %s; upgrade the subscription for more',
  403,
);

export interface FieldIssue {
  /** Where the field is: 'body', 'querystring' or 'params'. */
  location: 'body' | 'querystring' | 'params' | 'headers';
  field: string;
  message: string;
}

/**
 * A 400 VALIDATION_ERROR found after schema validation (an id that names nothing, an end before a start): it has
 * the shape of Fastify's validation errors, so the one error handler answers it with the same field issues.
 */
export class FieldValidationError extends Error {
  readonly statusCode = 400;
  readonly code = 'VALIDATION_ERROR';
  readonly validation: Array<{ instancePath: string; message: string }>;
  readonly validationContext: string;

  constructor(issues: FieldIssue[]) {
    super(issues.map((issue) => `${issue.location}.${issue.field} ${issue.message}`).join('; '));
    this.name = 'FieldValidationError';
    this.validationContext = issues[0]?.location ?? 'body';
    this.validation = issues.map((issue) => ({ instancePath: `/${issue.field}`, message: issue.message }));
  }
}

export function fieldError(location: FieldIssue['location'], field: string, message: string): FieldValidationError {
  return new FieldValidationError([{ location, field, message }]);
}

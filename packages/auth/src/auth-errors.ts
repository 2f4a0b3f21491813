/** The coded errors of authentication; apps/api's error handler turns them into the error shape. */
import createError from '@fastify/error';

/** Unknown email, wrong password and inactive account all answer this, word for word (no user enumeration). */
export const InvalidCredentialsError = createError<[]>('INVALID_CREDENTIALS', 'The email or password is incorrect', 401);

export const AuthenticationRequiredError = createError<[]>(
  'AUTHENTICATION_REQUIRED',
  'This endpoint requires an access token (Authorization: Bearer)',
  401,
);

/** Bad signature, wrong algorithm, unknown or revoked session, inactive user, or a token used outside its scope. */
export const InvalidTokenError = createError<[]>('INVALID_TOKEN', 'The access token is not valid here', 401);

/** The one refusal clients act on by refreshing. */
export const TokenExpiredError = createError<[]>('TOKEN_EXPIRED', 'The access token has expired', 401);

/** Missing, unknown, expired, revoked or reused refresh cookie. */
export const InvalidRefreshTokenError = createError<[]>(
  'INVALID_REFRESH_TOKEN',
  'The refresh token is missing, expired or revoked; log in again',
  401,
);

export const ForbiddenError = createError<[]>('FORBIDDEN', 'Your role does not allow this', 403);

export const RateLimitedError = createError<[number]>(
  'RATE_LIMITED',
  'Too many failed attempts; try again in %s seconds',
  429,
);

export const EmailTakenError = createError<[]>('EMAIL_TAKEN', 'An account with this email already exists', 409);

export const CurrentPasswordIncorrectError = createError<[]>(
  'CURRENT_PASSWORD_INCORRECT',
  'The current password is incorrect',
  400,
);

/** SPEC §5: what a masquerading session may not do (change password or email, grants, masquerade, delete tenant). */
export const BlockedWhileMasqueradingError = createError<[]>(
  'BLOCKED_WHILE_MASQUERADING',
  'This action is not allowed while masquerading; stop the masquerade first',
  403,
);

/** A masquerade token whose masquerade ended (stopped, expired, or its hijacker logged out). */
export const MasqueradeEndedError = createError<[string]>('MASQUERADE_ENDED', 'The masquerade has ended: %s', 401);

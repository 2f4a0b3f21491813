/** The storage package's coded errors; apps/api's error handler turns them into the error shape. */
import createError from '@fastify/error';

export const MultipartRequiredError = createError(
  'MULTIPART_REQUIRED',
  'Send the file as multipart/form-data, in a part named "file"',
  415,
);
export const FileRequiredError = createError('FILE_REQUIRED', 'The request has no file part', 400);
export const UnexpectedFilePartError = createError(
  'ONE_FILE_ONLY',
  'Send exactly one file, in a part named "file"',
  400,
);
export const EmptyFileError = createError('EMPTY_FILE', 'The file is empty', 400);
export const MediaTooLargeError = createError<[number]>('MEDIA_TOO_LARGE', 'The file is larger than the limit of %s bytes', 413);
export const UnsupportedMediaTypeError = createError<[string]>(
  'UNSUPPORTED_MEDIA_TYPE',
  'The file is not an allowed image (its bytes must be one of: %s)',
  415,
);
/** Missing, or another tenant's: the same answer. */
export const MediaNotFoundError = createError('MEDIA_NOT_FOUND', 'No such media', 404);
export const ResourceNotFoundError = createError('RESOURCE_NOT_FOUND', 'No such resource', 404);
export const MediaPermissionDeniedError = createError<[string]>('PERMISSION_DENIED', '%s', 403);

/** Custom domains are a PROFESSIONAL-and-above feature (SPEC §2). */
export const TierLimitReachedError = createError<[string]>('TIER_LIMIT_REACHED', '%s', 403);
export const DomainNotFoundError = createError('DOMAIN_NOT_FOUND', 'No such domain', 404);
export const PrimaryDomainError = createError(
  'PRIMARY_DOMAIN',
  "A tenant's primary domain cannot be removed or verified here; it is always served",
  409,
);
export const DomainNotAllowedError = createError<[string]>('DOMAIN_NOT_ALLOWED', '%s', 400);
export const DomainTakenError = createError<[string]>('DOMAIN_TAKEN', 'The domain "%s" is already in use', 409);

import createError from '@fastify/error';

/** The Host header names no tenant (and is not a platform host). Answered before any tenant schema is touched. */
export const TenantNotFoundError = createError<[]>('TENANT_NOT_FOUND', 'No tenant is served on this host', 404);

/** The tenant exists but is suspended. */
export const TenantSuspendedError = createError<[]>('TENANT_SUSPENDED', 'This tenant is suspended', 403);

/**
 * A tenant-only endpoint was called on a platform host. 404 rather than 400: on the platform host the resource
 * simply does not exist, and the code says why.
 */
export const TenantContextRequiredError = createError<[]>(
  'TENANT_CONTEXT_REQUIRED',
  'This endpoint is only available on a tenant host',
  404,
);

/**
 * A platform-only endpoint (route config `tenancy: 'platform'`) was called on a tenant host. 404: on a tenant's
 * host the platform's endpoints do not exist.
 */
export const PlatformHostRequiredError = createError<[]>(
  'PLATFORM_HOST_REQUIRED',
  'This endpoint is only available on a platform host',
  404,
);

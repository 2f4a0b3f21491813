/** The platform tenants API's coded errors; apps/api's error handler turns them into the error shape. */
import createError from '@fastify/error';

/** Missing and outside one's scope answer alike, so that existence does not leak. */
export const PlatformTenantNotFoundError = createError('TENANT_NOT_FOUND', 'No such tenant', 404);

export const TenantManagementDeniedError = createError<[string]>('PERMISSION_DENIED', '%s', 403);

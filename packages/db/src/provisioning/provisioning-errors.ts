import createError from '@fastify/error';

export const SchemaNameTakenError = createError<[string]>(
  'SCHEMA_NAME_TAKEN',
  'A schema named "%s" already exists',
  409,
);
export const DomainTakenError = createError<[string]>('DOMAIN_TAKEN', 'The domain "%s" is already in use', 409);
export const TenantNotFoundError = createError<[string]>('TENANT_NOT_FOUND', 'No tenant with id %s', 404);

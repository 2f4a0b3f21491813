import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/** Routes that answer without an access token; every other route is documented as needing a bearer token. */
const PUBLIC_ROUTES = new Set(['/health', '/ready', '/api/auth/login', '/api/auth/refresh', '/api/auth/logout', '/api/auth/register']);

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

/** Zod → JSON Schema as usual, plus the bearer requirement on every route that is not public. */
function transformWithSecurity(input: TransformInput): ReturnType<typeof jsonSchemaTransform> {
  const result = jsonSchemaTransform(input);
  if (PUBLIC_ROUTES.has(input.url)) return result;
  return { ...result, schema: { ...result.schema, security: [{ bearerAuth: [] }] } };
}

/**
 * The OpenAPI document at /docs/json and its UI at /docs, generated from the routes' zod schemas. Registered
 * before the routes so that every route is seen.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Smooth Schedule API',
        description: 'Multi-tenant appointment scheduling. Errors are `{"error": {"code", "message", "details"?}}`.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The access token from POST /api/auth/login' },
        },
      },
    },
    transform: transformWithSecurity,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}

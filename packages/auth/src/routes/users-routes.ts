/**
 * /api/users (SPEC §3): list, create, get, update, delete. Every route requires an authenticated principal, as
 * an onRequest guard on the route (after the authentication plugin's hook) so that an anonymous request is refused
 * with 401 before its body is even read or validated. What that principal may do to which user is the users
 * service's answer, from the permission model, so the rule holds the same for every caller (routes, CLI, seed).
 * On a tenant host, tenantId defaults to that tenant.
 * Register under the prefix `/api`, after the authentication plugin.
 */
import type { Database } from '@smoothschedule/db';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from './error-schema.ts';
import { forbidWhileMasquerading, principalOf, recordPermissionDenied, requireAuthentication } from '../authentication-guards.ts';
import { publicUserSchema } from '../public-user.ts';
import { Role } from '../roles.ts';
import { PermissionDeniedError } from '../user-errors.ts';
import { NO_USER_GRANTS, type UserGrantScope } from '../user-permissions.ts';
import { createUserInputSchema, listUsersFilterSchema, updateUserInputSchema } from '../user-input.ts';
import { createUserRepository } from '../user-repository.ts';
import { createUserService, type UserWriteGuard } from '../user-service.ts';

const errorSchema = errorResponseSchema;
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema } as const;

const idParams = z.object({ id: z.uuid().describe('The user id') });

export interface UsersRoutesOptions {
  database: Database;
  /** Checked inside the transaction of each create and role change (e.g. subscription limits). */
  guardUserWrite?: UserWriteGuard;
}

export const usersRoutes: FastifyPluginAsyncZod<UsersRoutesOptions> = async (app, { database, guardUserWrite }) => {
  const users = createUserService(createUserRepository(database.shared), { guardWrite: guardUserWrite });

  // Refusals of a known action go to the security log; 404s do not, since missing and hidden look alike there.
  app.addHook('onError', async (request, _reply, error) => {
    if (error instanceof PermissionDeniedError) recordPermissionDenied(request, error.message);
  });

  const tenantOfHost = (request: FastifyRequest) => request.tenant?.id;

  /**
   * Where the caller holds an ACTIVE manage_users grant, read on every request (grants expire and are revoked
   * between requests). On a tenant host a grant reaches that tenant only: the host is the request's context.
   */
  const grantedScope = async (request: FastifyRequest): Promise<UserGrantScope> => {
    const principal = principalOf(request);
    if (principal.role === Role.SUPERUSER) return NO_USER_GRANTS;
    const scope = await app.authentication.grants.userGrantScope(principal.userId);
    const hostTenant = tenantOfHost(request);
    if (hostTenant === undefined) return scope;
    return { allTenants: false, tenantIds: scope.allTenants || scope.tenantIds.includes(hostTenant) ? [hostTenant] : [] };
  };

  app.get(
    '/users',
    {
      onRequest: requireAuthentication,
      schema: {
        tags: ['users'],
        summary: 'The users the caller may read, oldest first; on a tenant host, that tenant by default',
        querystring: listUsersFilterSchema,
        response: { 200: z.object({ users: z.array(publicUserSchema) }), ...errors },
      },
    },
    async (request) => {
      const tenantId = request.query.tenantId ?? tenantOfHost(request);
      return { users: await users.list(principalOf(request), { ...request.query, tenantId }, await grantedScope(request)) };
    },
  );

  app.post(
    '/users',
    {
      onRequest: requireAuthentication,
      schema: {
        tags: ['users'],
        summary: 'Creates a user of a strictly lower rank inside the caller\'s scope (only a superuser creates superusers)',
        body: createUserInputSchema,
        response: { 201: publicUserSchema, ...errors, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const body = { ...request.body, tenantId: request.body.tenantId === undefined ? tenantOfHost(request) : request.body.tenantId };
      return reply.code(201).send(await users.create(principalOf(request), body, await grantedScope(request)));
    },
  );

  app.get(
    '/users/:id',
    {
      onRequest: requireAuthentication,
      schema: { tags: ['users'], summary: 'One user', params: idParams, response: { 200: publicUserSchema, ...errors } },
    },
    async (request) => users.get(principalOf(request), request.params.id, await grantedScope(request)),
  );

  app.patch(
    '/users/:id',
    {
      onRequest: requireAuthentication,
      schema: {
        tags: ['users'],
        summary: 'Changes a user of a strictly lower rank; the result must stay within the caller\'s rank and scope',
        params: idParams,
        body: updateUserInputSchema,
        response: { 200: publicUserSchema, ...errors, 409: errorSchema },
      },
      // SPEC §5: an email is not changed while masquerading (it is how the account is recovered).
      preHandler: async (request) => {
        if (request.body.email !== undefined) await forbidWhileMasquerading(request);
      },
    },
    async (request) => users.update(principalOf(request), request.params.id, request.body, await grantedScope(request)),
  );

  app.delete(
    '/users/:id',
    {
      onRequest: requireAuthentication,
      schema: { tags: ['users'], summary: 'Deletes a user of a strictly lower rank', params: idParams, response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      await users.delete(principalOf(request), request.params.id, await grantedScope(request));
      return reply.code(204).send(null);
    },
  );
};

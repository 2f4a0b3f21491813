/**
 * /api/auth: login, refresh, logout, me, register, password (SPEC §4). Register under the prefix `/api/auth`
 * (the refresh cookie's Path), after the authentication plugin.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from './error-schema.ts';
import type { Account } from '../account-repository.ts';
import { RateLimitedError } from '../auth-errors.ts';
import { REFRESH_COOKIE_NAME, REFRESH_COOKIE_PATH } from '../authentication-plugin.ts';
import { forbidWhileMasquerading, principalOf, requireAuthentication } from '../authentication-guards.ts';
import { ROLES } from '../roles.ts';
import type { IssuedTokens } from '../session-service.ts';
import { publicUserSchema } from '../public-user.ts';

const errorSchema = errorResponseSchema;

const email = z.email('must be an email address').max(254);
const newPassword = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');
const anyPassword = z.string().min(1).max(200, 'must be at most 200 characters');
const name = z.string().trim().min(1).max(100);

/** The user in login, register and me answers: the same public shape as the users API. */
export const authUserSchema = publicUserSchema;

const tokenResponse = z.object({
  accessToken: z.string().describe('JWT for Authorization: Bearer'),
  expiresIn: z.number().int().describe('Seconds until the access token expires'),
});
const loginResponse = tokenResponse.extend({ user: authUserSchema });

const actorSchema = z.object({
  userId: z.uuid().describe('The real person acting as the user'),
  email: z.string(),
  role: z.enum(ROLES),
  masqueradeId: z.uuid(),
  expiresAt: z.iso.datetime().describe('When the masquerade ends by itself'),
});

function userBody(user: Account) {
  return {
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    role: user.role,
    tenantId: user.tenantId,
    isActive: user.isActive,
    isTemporary: user.isTemporary,
    lastLogin: user.lastLogin?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

function setRefreshCookie(request: FastifyRequest, reply: FastifyReply, tokens: IssuedTokens): void {
  reply.setCookie(REFRESH_COOKIE_NAME, tokens.refreshToken, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: REFRESH_COOKIE_PATH,
    expires: tokens.refreshExpiresAt,
  });
}

function clearRefreshCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(REFRESH_COOKIE_NAME, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: REFRESH_COOKIE_PATH,
  });
}

/** Retry-After on 429s, then the error goes to the one error handler. */
async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const seconds = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (error instanceof RateLimitedError && typeof seconds === 'number') reply.header('retry-after', String(seconds));
    throw error;
  }
}

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { credentials, sessions } = app.authentication;

  app.post(
    '/login',
    {
      schema: {
        tags: ['auth'],
        summary: "Log in: on a tenant host as that tenant's user, on a platform host as platform staff",
        body: z.object({ email, password: anyPassword }),
        response: { 200: loginResponse, 400: errorSchema, 401: errorSchema, 404: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const result = await withRetryAfter(reply, () => credentials.login(request.body, request));
      setRefreshCookie(request, reply, result);
      return { accessToken: result.accessToken, expiresIn: result.expiresIn, user: userBody(result.user) };
    },
  );

  app.post(
    '/refresh',
    {
      schema: {
        tags: ['auth'],
        summary: 'A new access token for the refresh cookie, which is rotated',
        response: { 200: tokenResponse, 401: errorSchema },
      },
    },
    async (request, reply) => {
      let tokens: IssuedTokens;
      try {
        tokens = await sessions.refresh(request.cookies[REFRESH_COOKIE_NAME], request);
      } catch (error) {
        clearRefreshCookie(request, reply);
        throw error;
      }
      setRefreshCookie(request, reply, tokens);
      return { accessToken: tokens.accessToken, expiresIn: tokens.expiresIn };
    },
  );

  app.post(
    '/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Ends the session (its whole refresh-token family); answers 204 even without one',
        response: { 204: z.null(), 401: errorSchema },
      },
    },
    async (request, reply) => {
      await sessions.logout(request.principal?.sessionId ?? null, request.cookies[REFRESH_COOKIE_NAME], request);
      clearRefreshCookie(request, reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      preHandler: requireAuthentication,
      schema: {
        tags: ['auth'],
        summary: 'The authenticated user, and while masquerading the real actor',
        response: {
          200: z.object({ user: authUserSchema, actor: actorSchema.nullable() }),
          401: errorSchema,
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const user = await credentials.account(principal.userId);
      const { actor } = principal;
      return { user: userBody(user), actor: actor ? { ...actor, expiresAt: actor.expiresAt.toISOString() } : null };
    },
  );

  app.post(
    '/register',
    {
      config: { tenancy: 'required' },
      schema: {
        tags: ['auth'],
        summary: 'Self-registration of a customer on a tenant host; logs the new customer in',
        body: z.object({ email, password: newPassword, firstName: name, lastName: name }),
        response: { 201: loginResponse, 400: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const { tenant } = app.tenancy.requireTenant(request);
      const result = await credentials.register(request.body, tenant.id, request);
      setRefreshCookie(request, reply, result);
      return reply
        .code(201)
        .send({ accessToken: result.accessToken, expiresIn: result.expiresIn, user: userBody(result.user) });
    },
  );

  app.post(
    '/password',
    {
      preHandler: [requireAuthentication, forbidWhileMasquerading],
      schema: {
        tags: ['auth'],
        summary: "Changes one's own password; every other session of the user ends",
        body: z.object({ currentPassword: anyPassword, newPassword }),
        response: { 204: z.null(), 400: errorSchema, 401: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const { currentPassword, newPassword: password } = request.body;
      await withRetryAfter(reply, () => credentials.changePassword(principalOf(request), currentPassword, password, request));
      return reply.code(204).send(null);
    },
  );
};

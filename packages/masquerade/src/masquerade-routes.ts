/** /api/masquerade: start and stop (SPEC §5). */
import { errorResponseSchema, principalOf, publicUserSchema, requireAuthentication, ROLES } from '@smoothschedule/auth';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MasqueradeService } from './masquerade-service.ts';

const errorSchema = errorResponseSchema;

const tokenFields = {
  accessToken: z.string().describe('JWT for Authorization: Bearer'),
  expiresIn: z.number().int().describe('Seconds until the token (for a masquerade: the masquerade) ends'),
};

const actorSchema = z.object({
  userId: z.uuid(),
  email: z.string(),
  role: z.enum(ROLES),
  masqueradeId: z.uuid(),
  expiresAt: z.iso.datetime(),
});

export interface MasqueradeRoutesOptions {
  service: MasqueradeService;
}

export const masqueradeRoutes: FastifyPluginAsyncZod<MasqueradeRoutesOptions> = async (app, { service }) => {
  app.post(
    '/start',
    {
      onRequest: requireAuthentication,
      schema: {
        tags: ['masquerade'],
        summary: 'Act as another user (the matrix of SPEC §5 decides who may); audited before the answer',
        body: z.object({ userId: z.uuid(), reason: z.string().trim().min(1).max(500).optional() }).strict(),
        response: {
          200: z.object({ ...tokenFields, user: publicUserSchema, actor: actorSchema }),
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          503: errorSchema,
        },
      },
    },
    async (request) => service.start(principalOf(request), request.body, { ip: request.ip ?? null }),
  );

  app.post(
    '/stop',
    {
      onRequest: requireAuthentication,
      schema: {
        tags: ['masquerade'],
        summary: 'Ends the masquerade of this token and returns a token for the real user',
        response: { 200: z.object({ ...tokenFields, user: publicUserSchema }), 401: errorSchema, 409: errorSchema, 503: errorSchema },
      },
    },
    async (request) => service.stop(principalOf(request), { ip: request.ip ?? null }),
  );
};

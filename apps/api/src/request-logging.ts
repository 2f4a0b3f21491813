import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { REQUEST_ID_HEADER } from './request-id.ts';
import { requestLogFields } from './request-log-fields.ts';

/**
 * One completion line per request, each with reqId, tenant and user (see request-log-fields.ts), and the request
 * id echoed to the client. Fastify's own request lines are turned off in app.ts, since they lack tenant and user.
 */
async function requestLogging(app: FastifyInstance): Promise<void> {
  app.addHook('onSend', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        ...requestLogFields(request),
        method: request.method,
        url: request.url,
        statusCode: reply.statusCode,
        responseTimeMs: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request completed',
    );
  });
}

export const requestLoggingPlugin = fp(requestLogging, { name: 'request-logging', fastify: '5.x' });

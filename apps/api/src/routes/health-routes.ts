import type { Database } from '@smoothschedule/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody, errorResponseSchema } from '../error-response.ts';

export interface HealthRoutesOptions {
  database: Pick<Database, 'ping'>;
  /** A database that does not answer within this time counts as down. */
  readyTimeoutMs?: number;
}

const statusSchema = (status: string) => z.object({ status: z.literal(status) });

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Liveness and readiness. Both answer on any host, known or not: tenancy resolution is skipped for them. */
export const healthRoutes: FastifyPluginAsyncZod<HealthRoutesOptions> = async (app, options) => {
  const readyTimeoutMs = options.readyTimeoutMs ?? 2_000;

  app.get(
    '/health',
    {
      config: { tenancy: 'skip' },
      schema: {
        tags: ['operations'],
        summary: 'Liveness: the process is up (no database access)',
        response: { 200: statusSchema('ok') },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { tenancy: 'skip' },
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the database answers',
        response: { 200: statusSchema('ready'), 503: errorResponseSchema },
      },
    },
    async (request, reply) => {
      try {
        await withTimeout(options.database.ping(), readyTimeoutMs);
        return { status: 'ready' as const };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return reply.code(503).send(errorBody('DATABASE_UNAVAILABLE', 'The database is not reachable'));
      }
    },
  );
};

/**
 * The masquerade plugin: registers the masquerade check with authentication (so masquerade tokens are accepted
 * only while their masquerade runs) and the /api/masquerade routes.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '@smoothschedule/db';
import { z } from 'zod';
import { createMasqueradeLog } from './masquerade-log.ts';
import { createMasqueradeRepository } from './masquerade-repository.ts';
import { masqueradeRoutes } from './masquerade-routes.ts';
import { createMasqueradeService, type MasqueradeService } from './masquerade-service.ts';

const optionsSchema = z.object({
  maxMinutes: z.number().int().min(1).max(480).default(30),
  logDir: z.string().min(1),
});

export type MasqueradePluginOptions = z.input<typeof optionsSchema> & { database: Database };

declare module 'fastify' {
  interface FastifyInstance {
    masquerade: MasqueradeService;
  }
}

async function masqueradePlugin(app: FastifyInstance, rawOptions: MasqueradePluginOptions): Promise<void> {
  const { database, ...rest } = rawOptions;
  const parsed = optionsSchema.safeParse(rest);
  if (!parsed.success) {
    throw new Error(`@smoothschedule/masquerade: invalid options: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  }
  const { authentication } = app;
  const service = createMasqueradeService({
    shared: database.shared,
    pool: database.pool,
    repository: createMasqueradeRepository(database.shared),
    audit: authentication.audit,
    log: createMasqueradeLog(parsed.data.logDir),
    tokens: authentication.tokens,
    maxMinutes: parsed.data.maxMinutes,
    clock: authentication.clock,
    logger: app.log,
  });
  authentication.setMasqueradeVerifier((masquerade) => service.verify(masquerade));
  app.decorate('masquerade', service);
  await app.register(masqueradeRoutes, { prefix: '/api/masquerade', service });
}

export const masquerade = fp(masqueradePlugin, {
  name: '@smoothschedule/masquerade',
  fastify: '5.x',
  dependencies: ['@smoothschedule/auth'],
});

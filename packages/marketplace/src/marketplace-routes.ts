/** Registers the catalog, installation and rating routes (one encapsulated context, under the plugin's prefix). */
import { PermissionDeniedError, recordPermissionDenied } from '@smoothschedule/auth';
import type { Database } from '@smoothschedule/db';
import type { FastifyInstance } from 'fastify';
import { createCatalogRepository } from './catalog/catalog-repository.ts';
import { catalogRoutes } from './catalog/catalog-routes.ts';
import { createInstallationRepository } from './installations/installations-repository.ts';
import { installationsRoutes } from './installations/installations-routes.ts';
import { createInstallationsService } from './installations/installations-service.ts';
import type { PluginDefinition } from './plugin-definition.ts';
import { createRatingRepository } from './ratings/ratings-repository.ts';
import { ratingsRoutes } from './ratings/ratings-routes.ts';
import { createRatingsService } from './ratings/ratings-service.ts';

export interface MarketplaceRoutesOptions {
  database: Database;
  plugins: readonly PluginDefinition[];
  prefix: string;
}

export async function registerMarketplaceRoutes(app: FastifyInstance, options: MarketplaceRoutesOptions): Promise<void> {
  const catalog = createCatalogRepository(options.database.shared);
  const installations = createInstallationsService({
    catalog,
    installations: createInstallationRepository(options.database.shared),
    plugins: options.plugins,
  });
  const ratings = createRatingsService({ catalog, ratings: createRatingRepository(options.database.shared) });
  await app.register(async (routes) => {
    // Refusals of a known action go to the security log, as in the other packages.
    routes.addHook('onError', async (request, _reply, error) => {
      if (error instanceof PermissionDeniedError) recordPermissionDenied(request, error.message);
    });
    await routes.register(catalogRoutes, { catalog });
    await routes.register(installationsRoutes, { service: installations });
    await routes.register(ratingsRoutes, { service: ratings });
  }, { prefix: options.prefix });
}

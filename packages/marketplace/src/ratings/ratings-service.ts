/** Rating a plugin: one rating per tenant, only by a tenant that has the plugin installed. */
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import { PluginNotFoundError, RatingRequiresInstallError } from '../marketplace-errors.ts';
import type { TenantCaller } from '../installations/installations-service.ts';
import type { RatingRepository, RatingRow } from './ratings-repository.ts';

export type RatingsService = ReturnType<typeof createRatingsService>;

export function createRatingsService(deps: { catalog: CatalogRepository; ratings: RatingRepository }) {
  return {
    async rate(caller: TenantCaller, slug: string, input: { stars: number; review?: string | null }): Promise<RatingRow & { pluginSlug: string }> {
      const template = await deps.catalog.findBySlug(slug);
      if (!template) throw new PluginNotFoundError();
      const rating = await deps.ratings.upsertIfInstalled({
        tenantId: caller.tenantId,
        pluginId: template.id,
        stars: input.stars,
        review: input.review ?? null,
        ratedById: caller.userId,
      });
      if (!rating) throw new RatingRequiresInstallError();
      return { ...rating, pluginSlug: template.slug };
    },
  };
}

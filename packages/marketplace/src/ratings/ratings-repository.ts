/**
 * plugin_ratings (shared schema): one per tenant and plugin. The upsert is one statement that also checks the
 * installation, so "only an installing tenant rates" and "a second rating replaces the first" hold under
 * concurrency without a transaction.
 */
import type { SharedClient } from '@smoothschedule/db';

export interface RatingRow {
  id: string;
  stars: number;
  review: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** True when this call created the rating, false when it replaced the tenant's earlier one. */
  created: boolean;
}

export type RatingRepository = ReturnType<typeof createRatingRepository>;

export function createRatingRepository(shared: SharedClient) {
  return {
    /** The tenant's rating, written; null when the tenant does not have the plugin installed (nothing written). */
    async upsertIfInstalled(input: { tenantId: string; pluginId: string; stars: number; review: string | null; ratedById: string }): Promise<RatingRow | null> {
      const { tenantId, pluginId, stars, review, ratedById } = input;
      const rows = await shared.$queryRaw<RatingRow[]>`
        INSERT INTO public.plugin_ratings (tenant_id, plugin_id, stars, review, rated_by_id)
        SELECT ${tenantId}::uuid, ${pluginId}::uuid, ${stars}::smallint, ${review}::text, ${ratedById}::uuid
        WHERE EXISTS (SELECT 1 FROM public.plugin_installations
                      WHERE tenant_id = ${tenantId}::uuid AND plugin_id = ${pluginId}::uuid)
        ON CONFLICT (tenant_id, plugin_id) DO UPDATE
          SET stars = EXCLUDED.stars, review = EXCLUDED.review, rated_by_id = EXCLUDED.rated_by_id,
              updated_at = CURRENT_TIMESTAMP
        RETURNING id::text AS "id", stars::int AS "stars", review AS "review", created_at AS "createdAt",
                  updated_at AS "updatedAt", (xmax = 0) AS "created"`;
      return rows[0] ?? null;
    },
  };
}

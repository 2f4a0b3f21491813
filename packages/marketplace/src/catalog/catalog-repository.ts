/**
 * Catalog reads with their live figures: install count, rating count and average are counted from
 * plugin_installations and plugin_ratings in the same query as the rows (no per-plugin queries, nothing stored),
 * and `installed` says whether the calling tenant has each plugin. Only this file reads the catalog with SQL.
 */
import type { SharedClient } from '@smoothschedule/db';

export interface CatalogEntry {
  id: string;
  slug: string;
  name: string;
  author: string;
  version: string;
  shortDescription: string;
  description: string;
  category: string;
  isPlatform: boolean;
  configSchema: Record<string, unknown>;
  createdAt: Date;
  ratingAverage: number | null;
  ratingCount: number;
  installCount: number;
  /** Null when asked without a tenant (platform host). */
  installed: boolean | null;
}

export interface CatalogFilter {
  category?: string;
  /** Case-insensitive substring of name, short description or description. */
  search?: string;
  slug?: string;
  /** The calling tenant, for `installed`. */
  tenantId?: string;
}

export type CatalogRepository = ReturnType<typeof createCatalogRepository>;

export function createCatalogRepository(shared: SharedClient) {
  return {
    async list(filter: CatalogFilter): Promise<CatalogEntry[]> {
      const category = filter.category ?? null;
      const search = filter.search === undefined ? null : filter.search.toLowerCase();
      const slug = filter.slug ?? null;
      const tenantId = filter.tenantId ?? null;
      // strpos over lower(): a plain substring test, so % and _ in the search mean themselves.
      return shared.$queryRaw<CatalogEntry[]>`
        SELECT t.id::text AS "id", t.slug AS "slug", t.name AS "name", t.author AS "author", t.version AS "version",
               t.short_description AS "shortDescription", t.description AS "description", t.category AS "category",
               t.is_platform AS "isPlatform", t.config_schema AS "configSchema", t.created_at AS "createdAt",
               r.average AS "ratingAverage", coalesce(r.count, 0) AS "ratingCount", coalesce(i.count, 0) AS "installCount",
               CASE WHEN ${tenantId}::uuid IS NULL THEN NULL
                    ELSE EXISTS (SELECT 1 FROM public.plugin_installations mine
                                 WHERE mine.plugin_id = t.id AND mine.tenant_id = ${tenantId}::uuid) END AS "installed"
        FROM public.plugin_templates t
        LEFT JOIN (SELECT plugin_id, count(*)::int AS count FROM public.plugin_installations GROUP BY plugin_id) i
               ON i.plugin_id = t.id
        LEFT JOIN (SELECT plugin_id, count(*)::int AS count, round(avg(stars), 2)::float8 AS average
                   FROM public.plugin_ratings GROUP BY plugin_id) r
               ON r.plugin_id = t.id
        WHERE (${category}::text IS NULL OR t.category = ${category}::text)
          AND (${slug}::text IS NULL OR t.slug = ${slug}::text)
          AND (${search}::text IS NULL
               OR strpos(lower(t.name), ${search}::text) > 0
               OR strpos(lower(t.short_description), ${search}::text) > 0
               OR strpos(lower(t.description), ${search}::text) > 0)
        ORDER BY t.name, t.slug`;
    },

    findBySlug(slug: string) {
      return shared.pluginTemplate.findUnique({ where: { slug } });
    },
  };
}

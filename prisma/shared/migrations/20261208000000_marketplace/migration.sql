-- The plugin marketplace (SPEC §8). The catalog is written from packages/marketplace/plugins/<slug>/ by the
-- migrate and seed steps; installations and ratings belong to tenants. Install counts and rating figures are never
-- stored: they are counted from these tables when asked.
CREATE TABLE "plugin_templates" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "short_description" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "is_platform" BOOLEAN NOT NULL DEFAULT false,
    -- JSON Schema of the installation's config, generated from the plugin's zod schema.
    "config_schema" JSONB NOT NULL,
    "events" TEXT[] NOT NULL DEFAULT '{}',
    "schedules" TEXT[] NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "plugin_templates_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "plugin_templates_slug_check" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    CONSTRAINT "plugin_templates_version_check" CHECK ("version" ~ '^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$')
);
CREATE UNIQUE INDEX "plugin_templates_slug_key" ON "plugin_templates"("slug");
CREATE INDEX "plugin_templates_category_idx" ON "plugin_templates"("category");

-- One installation per tenant and plugin: the unique index is what makes concurrent installs end as one row.
CREATE TABLE "plugin_installations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "plugin_id" UUID NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "installed_by_id" UUID,
    "installed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "plugin_installations_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "plugin_installations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE,
    CONSTRAINT "plugin_installations_plugin_id_fkey" FOREIGN KEY ("plugin_id") REFERENCES "plugin_templates"("id") ON DELETE CASCADE,
    CONSTRAINT "plugin_installations_installed_by_id_fkey" FOREIGN KEY ("installed_by_id") REFERENCES "users"("id") ON DELETE SET NULL
);
CREATE UNIQUE INDEX "plugin_installations_tenant_id_plugin_id_key" ON "plugin_installations"("tenant_id", "plugin_id");
CREATE INDEX "plugin_installations_plugin_id_idx" ON "plugin_installations"("plugin_id");

-- One rating per tenant and plugin; a second rating from the same tenant replaces the first.
CREATE TABLE "plugin_ratings" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "plugin_id" UUID NOT NULL,
    "stars" SMALLINT NOT NULL,
    "review" TEXT,
    "rated_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "plugin_ratings_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "plugin_ratings_stars_check" CHECK ("stars" BETWEEN 1 AND 5),
    CONSTRAINT "plugin_ratings_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE,
    CONSTRAINT "plugin_ratings_plugin_id_fkey" FOREIGN KEY ("plugin_id") REFERENCES "plugin_templates"("id") ON DELETE CASCADE,
    CONSTRAINT "plugin_ratings_rated_by_id_fkey" FOREIGN KEY ("rated_by_id") REFERENCES "users"("id") ON DELETE SET NULL
);
CREATE UNIQUE INDEX "plugin_ratings_tenant_id_plugin_id_key" ON "plugin_ratings"("tenant_id", "plugin_id");
CREATE INDEX "plugin_ratings_plugin_id_idx" ON "plugin_ratings"("plugin_id");

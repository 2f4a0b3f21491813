-- Uploaded media (a tenant's logo, resource photos): the metadata lives here, in the tenant's schema; the bytes
-- live in object storage under tenants/<tenantId>/.

CREATE TYPE "MediaKind" AS ENUM ('TENANT_LOGO', 'RESOURCE_PHOTO');

CREATE TABLE "media" (
    "id" UUID NOT NULL,
    "kind" "MediaKind" NOT NULL,
    "resource_id" UUID,
    "object_key" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "original_name" TEXT,
    "uploaded_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "media_pkey" PRIMARY KEY ("id"),
    -- A photo outlives its resource (SET NULL): its object is still stored and still deletable.
    CONSTRAINT "media_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resources"("id") ON DELETE SET NULL,
    CONSTRAINT "media_logo_has_no_resource_check" CHECK ("kind" <> 'TENANT_LOGO' OR "resource_id" IS NULL),
    CONSTRAINT "media_size_check" CHECK ("size_bytes" > 0)
);
CREATE UNIQUE INDEX "media_object_key_key" ON "media"("object_key");
CREATE INDEX "media_kind_created_at_idx" ON "media"("kind", "created_at");
CREATE INDEX "media_resource_id_idx" ON "media"("resource_id");

-- Shared schema: tenants and their domains.
-- The migrator's own tables (_applied_migrations, _schema_migration_state) are created by the migrator itself.

-- Used by tenant schemas for the no-double-booking exclusion constraint (uuid equality in a GiST index).
CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;

CREATE TYPE "SubscriptionTier" AS ENUM ('FREE', 'PROFESSIONAL', 'BUSINESS', 'ENTERPRISE');
CREATE TYPE "TenantStatus" AS ENUM ('ACTIVE', 'TRIAL', 'SUSPENDED');
CREATE TYPE "DomainVerificationStatus" AS ENUM ('PENDING', 'VERIFIED', 'FAILED');

CREATE TABLE "tenants" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "schema_name" TEXT NOT NULL,
    "subscription_tier" "SubscriptionTier" NOT NULL DEFAULT 'FREE',
    "status" "TenantStatus" NOT NULL DEFAULT 'ACTIVE',
    "is_demo" BOOLEAN NOT NULL DEFAULT false,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "tenants_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "tenants_schema_name_check" CHECK (
        "schema_name" ~ '^[a-z][a-z0-9_]{2,62}$' AND "schema_name" NOT LIKE 'pg\_%' AND "schema_name" <> 'public')
);
CREATE UNIQUE INDEX "tenants_schema_name_key" ON "tenants"("schema_name");

CREATE TABLE "domains" (
    "id" UUID NOT NULL,
    "domain" TEXT NOT NULL,
    "tenant_id" UUID NOT NULL,
    "is_primary" BOOLEAN NOT NULL DEFAULT false,
    "is_custom_domain" BOOLEAN NOT NULL DEFAULT false,
    "route53_zone_id" TEXT,
    "verification_status" "DomainVerificationStatus" NOT NULL DEFAULT 'PENDING',
    "verification_error" TEXT,
    "verified_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "domains_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "domains_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE,
    -- Hosts are stored as resolution looks them up: lowercase, no port.
    CONSTRAINT "domains_domain_check" CHECK ("domain" = lower("domain") AND position(':' IN "domain") = 0)
);
CREATE UNIQUE INDEX "domains_domain_key" ON "domains"("domain");
CREATE INDEX "domains_tenant_id_idx" ON "domains"("tenant_id");
-- At most one primary domain per tenant (provisioning always creates one).
CREATE UNIQUE INDEX "domains_one_primary_per_tenant" ON "domains"("tenant_id") WHERE "is_primary";

CREATE TABLE "spare_schemas" (
    "schema_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "spare_schemas_pkey" PRIMARY KEY ("schema_name")
);

-- Every change to tenants or domains, whoever makes it, tells each API instance to drop its host → tenant cache.
-- NOTIFY is delivered at commit, so a cache is never refreshed from an uncommitted change.
CREATE FUNCTION "notify_tenancy_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tenancy_changed', TG_TABLE_NAME);
    RETURN NULL;
END;
$$;
CREATE TRIGGER "tenants_notify_tenancy_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "tenants"
    FOR EACH STATEMENT EXECUTE FUNCTION "notify_tenancy_changed"();
CREATE TRIGGER "domains_notify_tenancy_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "domains"
    FOR EACH STATEMENT EXECUTE FUNCTION "notify_tenancy_changed"();

-- Users of all eight roles, and their login sessions.

CREATE TYPE "Role" AS ENUM (
    'SUPERUSER', 'PLATFORM_MANAGER', 'PLATFORM_SALES', 'PLATFORM_SUPPORT',
    'TENANT_OWNER', 'TENANT_MANAGER', 'TENANT_STAFF', 'CUSTOMER'
);

CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "tenant_id" UUID,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "is_temporary" BOOLEAN NOT NULL DEFAULT false,
    "last_login" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "users_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "users_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE,
    -- Emails are compared as stored: the service lowercases them.
    CONSTRAINT "users_email_lowercase_check" CHECK ("email" = lower("email")),
    -- Platform roles never belong to a tenant; tenant roles always do.
    CONSTRAINT "users_role_tenant_check" CHECK (
        ("role" IN ('SUPERUSER', 'PLATFORM_MANAGER', 'PLATFORM_SALES', 'PLATFORM_SUPPORT') AND "tenant_id" IS NULL)
        OR ("role" IN ('TENANT_OWNER', 'TENANT_MANAGER', 'TENANT_STAFF', 'CUSTOMER') AND "tenant_id" IS NOT NULL))
);
-- Unique among platform users, and unique within each tenant. Two partial indexes, because NULL tenant ids are
-- distinct in a plain unique index over (tenant_id, email).
CREATE UNIQUE INDEX "users_platform_email_key" ON "users"("email") WHERE "tenant_id" IS NULL;
CREATE UNIQUE INDEX "users_tenant_email_key" ON "users"("tenant_id", "email") WHERE "tenant_id" IS NOT NULL;
CREATE INDEX "users_tenant_id_role_idx" ON "users"("tenant_id", "role");

-- One row per refresh token. A login starts a family; each refresh replaces the row with a new one in the same
-- family; presenting a replaced token again revokes the whole family.
CREATE TABLE "sessions" (
    "id" UUID NOT NULL,
    "family_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "refresh_token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "replaced_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_reason" TEXT,
    "ip_address" TEXT,
    "user_agent" TEXT,
    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "sessions_refresh_token_hash_key" ON "sessions"("refresh_token_hash");
CREATE INDEX "sessions_family_id_idx" ON "sessions"("family_id");
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

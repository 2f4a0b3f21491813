-- One tenant's schema. Applied with search_path set to that schema: no name here is schema-qualified.

CREATE TYPE "ResourceType" AS ENUM ('STAFF', 'ROOM', 'EQUIPMENT');
CREATE TYPE "CustomerStatus" AS ENUM ('ACTIVE', 'INACTIVE', 'BLOCKED');
CREATE TYPE "AppointmentStatus" AS ENUM ('PENDING', 'CONFIRMED', 'COMPLETED', 'CANCELLED', 'NO_SHOW');

CREATE TABLE "resources" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "type" "ResourceType" NOT NULL,
    "user_id" UUID,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "resources_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "services" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "duration_minutes" INTEGER NOT NULL,
    "price_cents" INTEGER NOT NULL DEFAULT 0,
    "buffer_minutes" INTEGER NOT NULL DEFAULT 0,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "services_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "services_duration_check" CHECK ("duration_minutes" > 0 AND "duration_minutes" <= 1440),
    CONSTRAINT "services_buffer_check" CHECK ("buffer_minutes" >= 0 AND "buffer_minutes" <= 1440),
    CONSTRAINT "services_price_check" CHECK ("price_cents" >= 0)
);

CREATE TABLE "service_resources" (
    "service_id" UUID NOT NULL,
    "resource_id" UUID NOT NULL,
    CONSTRAINT "service_resources_pkey" PRIMARY KEY ("service_id", "resource_id"),
    CONSTRAINT "service_resources_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE CASCADE,
    CONSTRAINT "service_resources_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resources"("id") ON DELETE CASCADE
);
CREATE INDEX "service_resources_resource_id_idx" ON "service_resources"("resource_id");

CREATE TABLE "customers" (
    "id" UUID NOT NULL,
    "user_id" UUID,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "notes" TEXT NOT NULL DEFAULT '',
    "status" "CustomerStatus" NOT NULL DEFAULT 'ACTIVE',
    "tags" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "customers_user_id_key" ON "customers"("user_id");
CREATE INDEX "customers_email_idx" ON "customers"("email");

CREATE TABLE "business_hours" (
    "id" UUID NOT NULL,
    "day_of_week" SMALLINT NOT NULL,
    "opens_at" TEXT NOT NULL,
    "closes_at" TEXT NOT NULL,
    CONSTRAINT "business_hours_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "business_hours_day_check" CHECK ("day_of_week" BETWEEN 0 AND 6),
    CONSTRAINT "business_hours_format_check" CHECK (
        "opens_at" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND "closes_at" ~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$'),
    CONSTRAINT "business_hours_order_check" CHECK ("opens_at" < "closes_at")
);
CREATE INDEX "business_hours_day_of_week_idx" ON "business_hours"("day_of_week");

CREATE TABLE "blockers" (
    "id" UUID NOT NULL,
    "resource_id" UUID NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "title" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "blockers_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "blockers_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resources"("id") ON DELETE CASCADE,
    CONSTRAINT "blockers_range_check" CHECK ("starts_at" < "ends_at")
);
CREATE INDEX "blockers_resource_id_starts_at_idx" ON "blockers"("resource_id", "starts_at");

CREATE TABLE "appointments" (
    "id" UUID NOT NULL,
    "resource_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "service_id" UUID NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "AppointmentStatus" NOT NULL DEFAULT 'PENDING',
    "notes" TEXT NOT NULL DEFAULT '',
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "appointments_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "appointments_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resources"("id") ON DELETE RESTRICT,
    CONSTRAINT "appointments_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT,
    CONSTRAINT "appointments_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE RESTRICT,
    CONSTRAINT "appointments_range_check" CHECK ("starts_at" < "ends_at"),
    -- No double booking: open appointments of one resource never overlap, whatever the concurrency.
    CONSTRAINT "appointments_no_overlap" EXCLUDE USING gist (
        "resource_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&
    ) WHERE ("status" IN ('PENDING', 'CONFIRMED'))
);
CREATE INDEX "appointments_resource_id_starts_at_idx" ON "appointments"("resource_id", "starts_at");
CREATE INDEX "appointments_customer_id_idx" ON "appointments"("customer_id");

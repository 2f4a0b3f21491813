-- Scheduling: tenant settings, idempotency keys, timestamps, and a no-overlap rule that includes the buffer.
-- Applied with search_path set to the tenant schema: no name here is schema-qualified.

-- One row: the tenant's scheduling settings (the cancellation window customers must respect, in minutes).
CREATE TABLE "scheduling_settings" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "cancellation_window_minutes" INTEGER NOT NULL DEFAULT 1440,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "scheduling_settings_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "scheduling_settings_single_row_check" CHECK ("id" = 1),
    CONSTRAINT "scheduling_settings_window_check" CHECK ("cancellation_window_minutes" BETWEEN 0 AND 43200)
);
INSERT INTO "scheduling_settings" ("id") VALUES (1);

-- The first answer to a POST carrying an Idempotency-Key, per user and key, replayed on a retry.
CREATE TABLE "idempotency_keys" (
    "user_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "response_status" INTEGER NOT NULL,
    "response_body" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("user_id", "key")
);
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys"("created_at");

ALTER TABLE "business_hours"
    ADD COLUMN "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    ADD COLUMN "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "blockers" ADD COLUMN "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- The resource stays busy after an appointment for its buffer (the service's, plus any extra): occupied_until is
-- ends_at plus that buffer, always derived here by a trigger, and the exclusion constraint covers it, so buffers
-- hold under concurrency too. (A generated column cannot do it: timestamptz + interval is not immutable.)
ALTER TABLE "appointments"
    ADD COLUMN "buffer_minutes" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "occupied_until" TIMESTAMPTZ(3);

CREATE FUNCTION "appointments_set_occupied_until"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW."occupied_until" := NEW."ends_at" + make_interval(mins => NEW."buffer_minutes");
    RETURN NEW;
END;
$$;
CREATE TRIGGER "appointments_occupied_until"
    BEFORE INSERT OR UPDATE OF "ends_at", "buffer_minutes", "occupied_until" ON "appointments"
    FOR EACH ROW EXECUTE FUNCTION "appointments_set_occupied_until"();

UPDATE "appointments" SET "occupied_until" = "ends_at";
ALTER TABLE "appointments"
    ALTER COLUMN "occupied_until" SET NOT NULL,
    ADD CONSTRAINT "appointments_buffer_check" CHECK ("buffer_minutes" BETWEEN 0 AND 1440),
    DROP CONSTRAINT "appointments_no_overlap",
    ADD CONSTRAINT "appointments_no_overlap" EXCLUDE USING gist (
        "resource_id" WITH =, tstzrange("starts_at", "occupied_until", '[)') WITH &&
    ) WHERE ("status" IN ('PENDING', 'CONFIRMED'));
CREATE INDEX "appointments_starts_at_idx" ON "appointments"("starts_at");

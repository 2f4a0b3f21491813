-- What installed plugins produce inside a tenant: messages waiting to be sent (reminders, digests, win-back),
-- webhook deliveries with their attempts, and the record of a plugin's failures.

-- Messages a plugin wrote for delivery. dedupe_key makes every plugin run idempotent: a reminder, digest or
-- win-back message that already exists is never written twice, whatever reruns the job queue makes.
CREATE TABLE "notification_outbox" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "plugin_slug" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "recipient_email" TEXT,
    -- A shared-schema user (staff) or a customer of this tenant; no foreign key across schemas.
    "recipient_user_id" UUID,
    "customer_id" UUID,
    "appointment_id" UUID,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    CONSTRAINT "notification_outbox_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "notification_outbox_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE SET NULL,
    CONSTRAINT "notification_outbox_appointment_id_fkey" FOREIGN KEY ("appointment_id") REFERENCES "appointments"("id") ON DELETE SET NULL
);
CREATE UNIQUE INDEX "notification_outbox_dedupe_key_key" ON "notification_outbox"("dedupe_key");
CREATE INDEX "notification_outbox_created_at_idx" ON "notification_outbox"("created_at");

-- One signed webhook delivery of one appointment event, with its attempts.
CREATE TABLE "webhook_deliveries" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "event_type" TEXT NOT NULL,
    "appointment_id" UUID,
    "url" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_status_code" INTEGER,
    "last_error" TEXT,
    "next_attempt_at" TIMESTAMPTZ(3),
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "webhook_deliveries_status_check" CHECK ("status" IN ('PENDING', 'DELIVERED', 'FAILED'))
);
CREATE INDEX "webhook_deliveries_created_at_idx" ON "webhook_deliveries"("created_at");

-- A plugin's handler that threw: recorded here so the tenant and the platform can see it; the request or job that
-- triggered it carried on.
CREATE TABLE "plugin_failures" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "plugin_slug" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "plugin_failures_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "plugin_failures_plugin_slug_occurred_at_idx" ON "plugin_failures"("plugin_slug", "occurred_at");

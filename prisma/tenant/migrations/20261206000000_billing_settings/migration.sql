-- The tenant's billing contact (who invoices and billing notices go to). At most one row: id is always 1.
CREATE TABLE "billing_settings" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "contact_name" TEXT,
    "contact_email" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- The shared-schema user who last changed it (no foreign key across schemas).
    "updated_by_id" UUID,
    CONSTRAINT "billing_settings_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "billing_settings_single_row_check" CHECK ("id" = 1)
);

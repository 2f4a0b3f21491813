-- The audit trail (hash-chained, append-only), masquerade sessions and time-limited permission grants.

-- One row per audited event: masquerade attempts, stops and expiries; grant creations, revocations and refusals.
-- Rows are linked: each carries the hash of the row before it (in id order), so editing or deleting a row breaks
-- the chain, which `pnpm audit:verify` detects even when the triggers below were bypassed.
CREATE TABLE "audit_events" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "action" TEXT NOT NULL,
    "actor_id" UUID,
    "actor_email" TEXT,
    "target_id" UUID,
    "target_email" TEXT,
    -- The tenant the event concerns (the target's tenant, the grant's scope); null for platform-only events.
    "tenant_id" UUID,
    "ip_address" TEXT,
    "session_key" TEXT,
    "reason" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "previous_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "audit_events_hash_key" UNIQUE ("hash")
);
CREATE INDEX "audit_events_action_occurred_at_idx" ON "audit_events"("action", "occurred_at");
CREATE INDEX "audit_events_tenant_id_occurred_at_idx" ON "audit_events"("tenant_id", "occurred_at");
CREATE INDEX "audit_events_occurred_at_idx" ON "audit_events"("occurred_at");

-- Append-only: the application role can insert, never change or remove.
CREATE FUNCTION "audit_events_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "audit_events_no_update" BEFORE UPDATE OR DELETE ON "audit_events"
    FOR EACH ROW EXECUTE FUNCTION "audit_events_refuse_change"();
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_refuse_change"();

-- A running masquerade: the hijacker (and the login session it started from) acting as the target until
-- expires_at, or until it is stopped. Checked on every request made with its token.
CREATE TABLE "masquerade_sessions" (
    "id" UUID NOT NULL,
    "hijacker_id" UUID NOT NULL,
    "hijacker_session_id" UUID NOT NULL,
    "target_id" UUID NOT NULL,
    "reason" TEXT,
    "ip_address" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    -- 'stopped' or 'expired'.
    "end_reason" TEXT,
    CONSTRAINT "masquerade_sessions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "masquerade_sessions_hijacker_id_fkey" FOREIGN KEY ("hijacker_id") REFERENCES "users"("id") ON DELETE CASCADE,
    CONSTRAINT "masquerade_sessions_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "users"("id") ON DELETE CASCADE,
    CONSTRAINT "masquerade_sessions_end_check" CHECK (("ended_at" IS NULL) = ("end_reason" IS NULL)),
    CONSTRAINT "masquerade_sessions_end_reason_check" CHECK ("end_reason" IN ('stopped', 'expired'))
);
CREATE INDEX "masquerade_sessions_hijacker_id_idx" ON "masquerade_sessions"("hijacker_id");
CREATE INDEX "masquerade_sessions_target_id_idx" ON "masquerade_sessions"("target_id");

-- Time-limited elevated access: `grantee` may perform `action` (within `tenant_id` when set) until expires_at,
-- unless revoked. Status (ACTIVE, EXPIRED, REVOKED) is derived from these columns and the clock, never stored.
CREATE TABLE "permission_grants" (
    "id" UUID NOT NULL,
    "grantor_id" UUID NOT NULL,
    "grantee_id" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "tenant_id" UUID,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by_id" UUID,
    CONSTRAINT "permission_grants_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "permission_grants_grantor_id_fkey" FOREIGN KEY ("grantor_id") REFERENCES "users"("id") ON DELETE CASCADE,
    CONSTRAINT "permission_grants_grantee_id_fkey" FOREIGN KEY ("grantee_id") REFERENCES "users"("id") ON DELETE CASCADE,
    CONSTRAINT "permission_grants_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE,
    CONSTRAINT "permission_grants_revoked_by_id_fkey" FOREIGN KEY ("revoked_by_id") REFERENCES "users"("id") ON DELETE SET NULL,
    CONSTRAINT "permission_grants_not_self_check" CHECK ("grantor_id" <> "grantee_id"),
    CONSTRAINT "permission_grants_window_check" CHECK ("expires_at" > "created_at"),
    CONSTRAINT "permission_grants_reason_check" CHECK (length(btrim("reason")) > 0)
);
CREATE INDEX "permission_grants_grantee_id_action_idx" ON "permission_grants"("grantee_id", "action");
CREATE INDEX "permission_grants_tenant_id_idx" ON "permission_grants"("tenant_id");

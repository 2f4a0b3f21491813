/**
 * Creating a tenant: its row, its primary domain and its schema at the current tenant migration version, in one
 * transaction, so a failure at any step leaves nothing behind (PostgreSQL DDL is transactional).
 *
 * Fast path: claim a spare schema (pre-built and kept migrated, see spare-schemas.ts) by renaming it, ≈ 1 ms.
 * Otherwise the tenant migrations are replayed into a new schema in one round trip, ≈ 45 ms for ten tables.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { quoteIdentifier } from '../schema-name.ts';
import { fingerprintOf, type MigrationSet } from '../migrator/migration-files.ts';
import { lockSchemaSetShared } from '../migrator/migration-lock.ts';
import { DomainTakenError, SchemaNameTakenError, TenantNotFoundError } from './provisioning-errors.ts';
import { createTenantInputSchema, type CreateTenantInput } from './tenant-input.ts';
import { buildTenantSchema } from './tenant-schema-builder.ts';
import { inTransaction } from '../pg-transaction.ts';

export interface ProvisionedTenant {
  id: string;
  name: string;
  schemaName: string;
  subscriptionTier: string;
  status: string;
  isDemo: boolean;
  timezone: string;
  createdAt: Date;
  domain: string;
  /** Whether a spare schema was claimed (fast path) rather than built. */
  fromSpare: boolean;
}

export interface TenantProvisionerOptions {
  pool: pg.Pool;
  tenantMigrations: MigrationSet;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNIQUE_VIOLATION = '23505';
const DUPLICATE_SCHEMA = '42P06';

function pgCode(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}

function mapConflict(error: unknown, schemaName: string, domain: string): unknown {
  const constraint = (error as { constraint?: string }).constraint;
  if (pgCode(error) === DUPLICATE_SCHEMA) return new SchemaNameTakenError(schemaName);
  if (pgCode(error) === UNIQUE_VIOLATION && constraint === 'tenants_schema_name_key') {
    return new SchemaNameTakenError(schemaName);
  }
  if (pgCode(error) === UNIQUE_VIOLATION && constraint === 'domains_domain_key') return new DomainTakenError(domain);
  return error;
}


export function createTenantProvisioner(options: TenantProvisionerOptions) {
  const { pool, tenantMigrations } = options;
  const currentFingerprint = fingerprintOf(tenantMigrations.migrations);

  /** Takes the oldest spare that is at this process's migration version, renaming it; false if none is. */
  async function claimSpare(client: pg.ClientBase, schemaName: string): Promise<boolean> {
    const claimed = await client.query<{ schema_name: string }>(
      `DELETE FROM public."spare_schemas" WHERE "schema_name" = (
         SELECT s."schema_name" FROM public."spare_schemas" s
         JOIN public."_schema_migration_state" st ON st."schema_name" = s."schema_name"
         WHERE st."checksum" = $1 AND st."last_error" IS NULL
         ORDER BY s."created_at" LIMIT 1 FOR UPDATE OF s SKIP LOCKED)
       RETURNING "schema_name"`,
      [currentFingerprint],
    );
    const spare = claimed.rows[0]?.schema_name;
    if (!spare) return false;
    await client.query(`ALTER SCHEMA ${quoteIdentifier(spare)} RENAME TO ${quoteIdentifier(schemaName)}`);
    await client.query(
      `WITH moved AS (UPDATE public."_applied_migrations" SET "schema_name" = $2 WHERE "schema_name" = $1)
       UPDATE public."_schema_migration_state" SET "schema_name" = $2 WHERE "schema_name" = $1`,
      [spare, schemaName],
    );
    return true;
  }

  return {
    /** Validates the input (zod; throws ZodError), then creates the tenant atomically. */
    async provision(input: CreateTenantInput): Promise<ProvisionedTenant> {
      const valid = createTenantInputSchema.parse(input);
      const id = randomUUID();
      try {
        return await inTransaction(pool, async (client) => {
          await lockSchemaSetShared(client);
          // Rows first: a taken schema name or domain fails fast, before any DDL runs.
          const tenant = await client.query<{ created_at: Date }>(
            `INSERT INTO public."tenants" ("id", "name", "schema_name", "subscription_tier", "status", "is_demo", "timezone")
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING "created_at"`,
            [id, valid.name, valid.schemaName, valid.subscriptionTier, valid.status, valid.isDemo, valid.timezone],
          );
          await client.query(
            `INSERT INTO public."domains" ("id", "domain", "tenant_id", "is_primary", "verification_status", "verified_at")
             VALUES ($1, $2, $3, true, 'VERIFIED', now())`,
            [randomUUID(), valid.domain, id],
          );
          const fromSpare = await claimSpare(client, valid.schemaName);
          if (!fromSpare) await buildTenantSchema(client, valid.schemaName, tenantMigrations);
          return {
            id,
            name: valid.name,
            schemaName: valid.schemaName,
            subscriptionTier: valid.subscriptionTier,
            status: valid.status,
            isDemo: valid.isDemo,
            timezone: valid.timezone,
            createdAt: tenant.rows[0]!.created_at,
            domain: valid.domain,
            fromSpare,
          };
        });
      } catch (error) {
        throw mapConflict(error, valid.schemaName, valid.domain);
      }
    },

    /** Drops a tenant's schema with all its data, its domains and its rows, atomically. */
    async deprovision(tenantId: string): Promise<void> {
      if (!UUID.test(tenantId)) throw new TenantNotFoundError(tenantId);
      await inTransaction(pool, async (client) => {
        // Like provisioning, never while a migrator runs: it would find the schema gone midway.
        await lockSchemaSetShared(client);
        const found = await client.query<{ schema_name: string }>(
          'DELETE FROM public."tenants" WHERE "id" = $1 RETURNING "schema_name"',
          [tenantId],
        );
        const schemaName = found.rows[0]?.schema_name;
        if (!schemaName) throw new TenantNotFoundError(tenantId);
        await client.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schemaName)} CASCADE`);
        await client.query(
          `WITH gone AS (DELETE FROM public."_applied_migrations" WHERE "schema_name" = $1)
           DELETE FROM public."_schema_migration_state" WHERE "schema_name" = $1`,
          [schemaName],
        );
      });
    },
  };
}

export type TenantProvisioner = ReturnType<typeof createTenantProvisioner>;

/**
 * The shapes of the platform tenants API, validated once with zod: the routes use them as request and response
 * schemas (and so in the OpenAPI document), the service parses with them.
 */
import { createTenantInputSchema, SUBSCRIPTION_TIERS, TENANT_STATUSES } from '@smoothschedule/db';
import { z } from 'zod';

/** The tenant's first owner, created with it (optional). */
export const tenantOwnerInputSchema = z.object({
  email: z.email().max(254),
  password: z.string().min(10).max(200),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
});

export const createPlatformTenantSchema = createTenantInputSchema.extend({
  owner: tenantOwnerInputSchema.optional().describe('Creates a TENANT_OWNER of the new tenant in the same request'),
});

export const updatePlatformTenantSchema = z
  .object({
    subscriptionTier: z.enum(SUBSCRIPTION_TIERS).optional(),
    status: z.enum(TENANT_STATUSES).optional(),
  })
  .strict()
  .refine((changes) => changes.subscriptionTier !== undefined || changes.status !== undefined, {
    message: 'name at least one of subscriptionTier, status',
  });

export const listPlatformTenantsQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1).describe('1-based page number'),
  pageSize: z.coerce.number().int().min(1).max(100).default(20).describe('Tenants per page (1–100)'),
});

export const platformTenantSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    schemaName: z.string(),
    subscriptionTier: z.enum(SUBSCRIPTION_TIERS),
    status: z.enum(TENANT_STATUSES),
    isDemo: z.boolean(),
    timezone: z.string(),
    primaryDomain: z.string().nullable(),
    migration: z
      .object({
        version: z.string().nullable().describe('The last tenant migration applied to its schema'),
        lastError: z.string().nullable(),
        lastRunAt: z.iso.datetime({ offset: true }).nullable(),
      })
      .nullable()
      .describe("The migrator's state of the tenant's schema; null before its first run"),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'PlatformTenant' });

export const platformTenantPageSchema = z.object({
  tenants: z.array(platformTenantSchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});

export type CreatePlatformTenantInput = z.input<typeof createPlatformTenantSchema>;
export type UpdatePlatformTenantInput = z.input<typeof updatePlatformTenantSchema>;
export type ListPlatformTenantsQuery = z.input<typeof listPlatformTenantsQuerySchema>;
export type PlatformTenant = z.infer<typeof platformTenantSchema>;

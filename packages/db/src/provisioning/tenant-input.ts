import { z } from 'zod';
import { domainNameProblem } from '../domain-name.ts';
import { tenantSchemaNameProblem } from '../schema-name.ts';

export const SUBSCRIPTION_TIERS = ['FREE', 'PROFESSIONAL', 'BUSINESS', 'ENTERPRISE'] as const;
export const TENANT_STATUSES = ['ACTIVE', 'TRIAL', 'SUSPENDED'] as const;

export function isValidTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function refineWith(problem: (value: unknown) => string | null) {
  return (value: string, context: z.RefinementCtx) => {
    const message = problem(value);
    if (message) context.addIssue({ code: 'custom', message });
  };
}

export const schemaNameSchema = z.string().superRefine(refineWith(tenantSchemaNameProblem));
export const domainSchema = z
  .string()
  .trim()
  .transform((value) => value.toLowerCase())
  .superRefine(refineWith(domainNameProblem));
export const timeZoneSchema = z
  .string()
  .refine(isValidTimeZone, { message: 'must be an IANA time zone, for example Europe/Paris' });

/** What it takes to create a tenant; shared by the CLI, the platform API and the seed. */
export const createTenantInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  schemaName: schemaNameSchema,
  domain: domainSchema,
  subscriptionTier: z.enum(SUBSCRIPTION_TIERS).default('FREE'),
  status: z.enum(TENANT_STATUSES).default('ACTIVE'),
  isDemo: z.boolean().default(false),
  timezone: timeZoneSchema.default('UTC'),
});

export type CreateTenantInput = z.input<typeof createTenantInputSchema>;
export type ValidCreateTenantInput = z.output<typeof createTenantInputSchema>;

/** The marketplace's zod shapes (requests, responses and so the OpenAPI document) and the row → DTO mappers. */
import { errorResponseSchema } from '@smoothschedule/auth';
import { z } from 'zod';
import type { CatalogEntry } from '../catalog/catalog-repository.ts';
import type { InstalledPlugin } from '../installations/installations-service.ts';
import { publicConfig } from '../installations/plugin-config.ts';
import { PLUGIN_CATEGORIES } from '../plugin-definition.ts';

export const errors = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
  409: errorResponseSchema,
} as const;

const instant = z.string().describe('ISO 8601 date-time');
const iso = (value: Date | string) => new Date(value).toISOString();

export const slugParams = z.object({ slug: z.string().min(1).max(200).describe('The plugin\'s slug, e.g. signed-webhooks') });

export const catalogQuery = z.strictObject({
  category: z.enum(PLUGIN_CATEGORIES).optional(),
  search: z.string().trim().min(1, 'must not be empty').max(200).optional()
    .describe('Case-insensitive text in the name, short description or description'),
});

export const pluginSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  author: z.string(),
  version: z.string().describe('Semver'),
  shortDescription: z.string(),
  description: z.string().describe('Markdown'),
  category: z.enum(PLUGIN_CATEGORIES),
  isPlatform: z.boolean(),
  configSchema: z.record(z.string(), z.unknown()).describe('JSON Schema of the config an installation takes'),
  createdAt: instant,
  ratingAverage: z.number().nullable().describe('Mean stars, 2 decimals; null without ratings'),
  ratingCount: z.number().int(),
  installCount: z.number().int(),
  installed: z.boolean().optional().describe('On a tenant host: whether this tenant has the plugin installed'),
}).meta({ id: 'MarketplacePlugin' });

export const toPluginDto = (entry: CatalogEntry): z.infer<typeof pluginSchema> => ({
  id: entry.id,
  slug: entry.slug,
  name: entry.name,
  author: entry.author,
  version: entry.version,
  shortDescription: entry.shortDescription,
  description: entry.description,
  category: entry.category as z.infer<typeof pluginSchema>['category'],
  isPlatform: entry.isPlatform,
  configSchema: entry.configSchema,
  createdAt: iso(entry.createdAt),
  ratingAverage: entry.ratingAverage === null ? null : Number(entry.ratingAverage),
  ratingCount: Number(entry.ratingCount),
  installCount: Number(entry.installCount),
  ...(entry.installed === null ? {} : { installed: entry.installed }),
});

const configObject = z.record(z.string(), z.unknown());

export const installBody = z.strictObject({
  config: configObject.default({}).describe('Validated against the plugin\'s configSchema (defaults filled in)'),
});

export const configureBody = z.strictObject({
  config: configObject
    .refine((config) => Object.keys(config).length > 0, 'must change at least one key')
    .describe('Keys to change; the others keep their value. A key set to null returns to its default'),
});

export const installationSchema = z.object({
  id: z.uuid(),
  plugin: z.object({
    id: z.uuid(), slug: z.string(), name: z.string(), version: z.string(), category: z.string(), shortDescription: z.string(),
  }),
  config: configObject.describe('The config, without its secret keys'),
  secretsSet: z.array(z.string()).describe('Secret config keys that have a value (never sent back)'),
  installedAt: instant,
  updatedAt: instant,
}).meta({ id: 'PluginInstallation' });

export const toInstallationDto = ({ installation, secretKeys }: InstalledPlugin): z.infer<typeof installationSchema> => ({
  id: installation.id,
  plugin: installation.plugin,
  ...publicConfig(installation.config as Record<string, unknown>, secretKeys),
  installedAt: iso(installation.installedAt),
  updatedAt: iso(installation.updatedAt),
});

export const ratingBody = z.strictObject({
  stars: z.number().int('must be a whole number').min(1, 'must be from 1 to 5').max(5, 'must be from 1 to 5'),
  review: z.string().trim().max(2000, 'must be at most 2000 characters').nullable().optional(),
});

export const ratingSchema = z.object({
  id: z.uuid(),
  pluginSlug: z.string(),
  stars: z.number().int(),
  review: z.string().nullable(),
  createdAt: instant,
  updatedAt: instant,
}).meta({ id: 'PluginRating' });

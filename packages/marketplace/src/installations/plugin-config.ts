/**
 * An installation's config: validated with the plugin's own zod schema (defaults applied, what is stored), merged
 * for PATCH, and made safe to send (secret keys are never sent back: `secretsSet` names those that have a value).
 */
import { FieldValidationError } from '@smoothschedule/scheduling';
import type { z } from 'zod';
import type { PluginManifest } from '../plugin-definition.ts';

export type StoredConfig = Record<string, unknown>;

/** The parsed config, or a 400 VALIDATION_ERROR whose details name each field under body.config. */
export function parsePluginConfig(manifest: PluginManifest, config: StoredConfig): StoredConfig {
  const parsed = manifest.configSchema.safeParse(config);
  if (parsed.success) return parsed.data as StoredConfig;
  throw new FieldValidationError(parsed.error.issues.map((issue: z.core.$ZodIssue) => ({
    location: 'body',
    field: ['config', ...issue.path.map(String)].join('/'),
    message: issue.message,
  })));
}

/** PATCH semantics: the given keys over the stored ones; a key given as null goes back to its default (or absent). */
export function mergeConfig(stored: StoredConfig, patch: StoredConfig): StoredConfig {
  const merged: StoredConfig = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

export interface PublicConfig {
  config: StoredConfig;
  /** The secret keys that have a stored value (their values are never sent). */
  secretsSet: string[];
}

export function publicConfig(config: StoredConfig, secretKeys: readonly string[]): PublicConfig {
  const visible: StoredConfig = {};
  const secretsSet: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (!secretKeys.includes(key)) visible[key] = value;
    else if (value !== undefined && value !== null && value !== '') secretsSet.push(key);
  }
  return { config: visible, secretsSet };
}

/**
 * Every platform plugin's manifest, checked against what the catalog promises (SPEC §8): the folder is the slug,
 * the texts are what the catalog shows, the config schema works with its defaults, events and schedules are real,
 * and the folders and PLATFORM_PLUGINS list the same plugins.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { APPOINTMENT_EVENT_TYPES } from '@smoothschedule/scheduling';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PLATFORM_PLUGINS } from '../plugins/index.ts';
import { PLUGIN_CATEGORIES } from '../src/plugin-definition.ts';

const pluginsDir = path.resolve(import.meta.dirname, '../plugins');
const folders = readdirSync(pluginsDir).filter((entry) => statSync(path.join(pluginsDir, entry)).isDirectory()).sort();

/** The smallest config each plugin accepts: {} where every field has a default, else its required fields. */
const MINIMAL_CONFIG: Record<string, Record<string, unknown>> = {
  'appointment-reminders': {},
  'daily-schedule-digest': {},
  'no-show-tracker': {},
  'buffer-time': {},
  'customer-win-back': {},
  'signed-webhooks': { url: 'https://example.com/hook', secret: '0123456789abcdef0123' },
};

const CRON_FIELDS: Array<[number, number]> = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];

/** A standard 5-field cron expression: *, n, a-b, step (/n) and lists, each number within its field's range. */
function isValidCron(expression: string): boolean {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return false;
  return fields.every((field, index) => {
    const [min, max] = CRON_FIELDS[index]!;
    const inRange = (text: string) => /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max;
    return field.split(',').every((part) => {
      const [base, step] = part.split('/') as [string, string | undefined];
      if (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1)) return false;
      if (base === '*') return true;
      const [from, to] = base.split('-') as [string, string | undefined];
      if (to === undefined) return inRange(from);
      return inRange(from) && inRange(to) && Number(from) <= Number(to);
    });
  });
}

describe('the cron check itself', () => {
  it.each(['* * * * *', '15 * * * *', '*/5 7-9 * 1,6 0', '0 0 1 1 7'])('accepts %s', (cron) => expect(isValidCron(cron)).toBe(true));
  it.each(['* * * *', '60 * * * *', '* 24 * * *', '*/0 * * * *', 'a * * * *', '5-1 * * * *', '* * 0 * *'])('refuses %s', (cron) =>
    expect(isValidCron(cron)).toBe(false));
});

it('the plugin folders and PLATFORM_PLUGINS name the same six plugins', () => {
  expect(folders).toHaveLength(6);
  expect(PLATFORM_PLUGINS.map((plugin) => plugin.manifest.slug).sort()).toEqual(folders);
  expect(Object.keys(MINIMAL_CONFIG).sort()).toEqual(folders);
});

describe.each(PLATFORM_PLUGINS.map((plugin) => [plugin.manifest.slug, plugin.manifest] as const))('%s', (slug, manifest) => {
  it('is a platform plugin of Smooth Schedule, version 1.0.0, in a folder named after its slug', () => {
    expect(folders).toContain(slug);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
    expect(manifest.version).toBe('1.0.0');
    expect(manifest.author).toBe('Smooth Schedule');
    expect(manifest.isPlatform).toBe(true);
    expect(PLUGIN_CATEGORIES).toContain(manifest.category);
    expect(manifest.name.trim().length).toBeGreaterThan(2);
  });

  it('has a one-line short description and a markdown description with paragraphs and bullet points', () => {
    expect(manifest.shortDescription).not.toMatch(/\n/);
    expect(manifest.shortDescription.trim()).toBe(manifest.shortDescription);
    expect(manifest.shortDescription.length).toBeGreaterThan(10);
    expect(manifest.shortDescription.length).toBeLessThanOrEqual(120);
    const blocks = manifest.description.split(/\n\s*\n/).map((block) => block.trim()).filter(Boolean);
    const paragraphs = blocks.filter((block) => !block.startsWith('- '));
    const bullets = manifest.description.split('\n').filter((line) => /^\s*[-*] \S/.test(line));
    expect(paragraphs.length).toBeGreaterThanOrEqual(2);
    expect(bullets.length).toBeGreaterThanOrEqual(2);
  });

  it('accepts its minimal config, filling in defaults, and refuses unknown keys', () => {
    const parsed = manifest.configSchema.safeParse(MINIMAL_CONFIG[slug]);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    // Defaults applied: the parsed config has at least every key of the minimal one.
    expect(Object.keys(parsed.data!)).toEqual(expect.arrayContaining(Object.keys(MINIMAL_CONFIG[slug]!)));
    expect(manifest.configSchema.safeParse({ ...MINIMAL_CONFIG[slug], notAKey: 1 }).success).toBe(false);
    // The catalog's JSON Schema comes from the same schema.
    expect(z.toJSONSchema(manifest.configSchema, { io: 'input' })).toMatchObject({ type: 'object' });
  });

  it('listens to real appointment events, on valid cron schedules with unique names', () => {
    for (const event of manifest.events) expect(APPOINTMENT_EVENT_TYPES).toContain(event);
    expect(new Set(manifest.events).size).toBe(manifest.events.length);
    for (const schedule of manifest.schedules) {
      expect(schedule.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(isValidCron(schedule.cron), schedule.cron).toBe(true);
    }
    expect(new Set(manifest.schedules.map((schedule) => schedule.name)).size).toBe(manifest.schedules.length);
  });

  it('names only secret keys that exist in its config schema', () => {
    const keys = Object.keys(manifest.configSchema.shape);
    for (const key of manifest.secretConfigKeys ?? []) expect(keys).toContain(key);
  });
});

it('the signed webhooks plugin keeps its secret out of responses', () => {
  const webhooks = PLATFORM_PLUGINS.find((plugin) => plugin.manifest.slug === 'signed-webhooks')!;
  expect(webhooks.manifest.secretConfigKeys).toEqual(['secret']);
});

/**
 * The catalog routes (SPEC §8): every field for all six plugins, live install and rating figures after installs,
 * an uninstall and ratings (a replaced rating too), category filter and search, and who may read.
 */
import { PLATFORM_PLUGINS } from '@smoothschedule/marketplace';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  asTenant, call, createMarketplaceWorld, PLATFORM_HOST, resetMarketplace, SLUGS, WEBHOOK_CONFIG, type MarketplaceWorld,
} from './marketplace-test-support.ts';

let world: MarketplaceWorld;
beforeAll(async () => {
  world = await createMarketplaceWorld();
});
afterAll(async () => {
  await world?.close();
});
beforeEach(async () => {
  await resetMarketplace(world.database);
});

const list = async (query = '', tenant: 'a' | 'b' = 'a') => {
  const response = await asTenant(world, tenant, 'GET', `/api/marketplace/plugins${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().plugins as any[];
};
const bySlug = (plugins: any[], slug: string) => plugins.find((plugin) => plugin.slug === slug);
const install = async (tenant: 'a' | 'b', slug: string, config: object = {}) => {
  const response = await asTenant(world, tenant, 'POST', `/api/marketplace/plugins/${slug}/install`, { config });
  expect(response.statusCode, response.body).toBe(201);
};
const rate = (tenant: 'a' | 'b', slug: string, stars: number, review?: string) =>
  asTenant(world, tenant, 'POST', `/api/marketplace/plugins/${slug}/ratings`, review === undefined ? { stars } : { stars, review });

describe('list and detail', () => {
  it('lists the six plugins by name with every catalog field, as the manifests say', async () => {
    const plugins = await list();
    expect(plugins.map((plugin) => plugin.slug).sort()).toEqual([...SLUGS]);
    expect(plugins.map((plugin) => plugin.name)).toEqual(plugins.map((plugin) => plugin.name).sort());
    for (const { manifest } of PLATFORM_PLUGINS) {
      const plugin = bySlug(plugins, manifest.slug);
      expect(Object.keys(plugin).sort()).toEqual([
        'author', 'category', 'configSchema', 'createdAt', 'description', 'id', 'installCount', 'installed', 'isPlatform', 'name',
        'ratingAverage', 'ratingCount', 'shortDescription', 'slug', 'version',
      ]);
      expect(plugin).toMatchObject({
        slug: manifest.slug, name: manifest.name, author: 'Smooth Schedule', version: '1.0.0', isPlatform: true,
        shortDescription: manifest.shortDescription, description: manifest.description, category: manifest.category,
        ratingAverage: null, ratingCount: 0, installCount: 0, installed: false,
      });
      expect(plugin.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Date(plugin.createdAt).toISOString()).toBe(plugin.createdAt);
      expect(plugin.configSchema).toMatchObject({ type: 'object', additionalProperties: false });
      expect(Object.keys(plugin.configSchema.properties).sort()).toEqual(Object.keys(manifest.configSchema.shape).sort());
      const detail = await asTenant(world, 'a', 'GET', `/api/marketplace/plugins/${manifest.slug}`);
      expect(detail.statusCode).toBe(200);
      expect(detail.json()).toEqual(plugin);
    }
  });

  it('answers an unknown slug with 404 PLUGIN_NOT_FOUND', async () => {
    for (const slug of ['no-such-plugin', 'Signed-Webhooks', '%20', 'signed-webhooks%27--']) {
      const response = await asTenant(world, 'a', 'GET', `/api/marketplace/plugins/${slug}`);
      expect(response.statusCode, slug).toBe(404);
      expect(response.json().error.code).toBe('PLUGIN_NOT_FOUND');
    }
  });

  it('on a platform host shows the catalog without `installed`', async () => {
    await install('a', 'buffer-time');
    for (const role of ['SUPERUSER', 'PLATFORM_MANAGER', 'PLATFORM_SALES', 'PLATFORM_SUPPORT']) {
      const response = await call(world.app, 'GET', '/api/marketplace/plugins', { host: PLATFORM_HOST, token: world.platformTokens[role] });
      expect(response.statusCode, role).toBe(200);
      const plugins = response.json().plugins;
      expect(plugins).toHaveLength(6);
      expect(plugins.every((plugin: object) => !('installed' in plugin))).toBe(true);
      expect(bySlug(plugins, 'buffer-time').installCount).toBe(1);
    }
    const detail = await call(world.app, 'GET', '/api/marketplace/plugins/buffer-time', { host: PLATFORM_HOST, token: world.platformTokens.SUPERUSER });
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).not.toHaveProperty('installed');
  });

  it('refuses anonymous readers with 401, on tenant and platform hosts', async () => {
    for (const host of [world.tenants.a.domain, PLATFORM_HOST]) {
      for (const url of ['/api/marketplace/plugins', '/api/marketplace/plugins/buffer-time']) {
        expect((await call(world.app, 'GET', url, { host })).statusCode, `${host}${url}`).toBe(401);
      }
    }
  });
});

describe('live figures', () => {
  it('counts installs across tenants, follows an uninstall, and says which are installed for the caller', async () => {
    await install('a', 'buffer-time');
    await install('b', 'buffer-time');
    await install('a', 'no-show-tracker');
    let plugins = await list('', 'a');
    expect(bySlug(plugins, 'buffer-time')).toMatchObject({ installCount: 2, installed: true });
    expect(bySlug(plugins, 'no-show-tracker')).toMatchObject({ installCount: 1, installed: true });
    expect(bySlug(plugins, 'signed-webhooks')).toMatchObject({ installCount: 0, installed: false });
    plugins = await list('', 'b');
    expect(bySlug(plugins, 'no-show-tracker')).toMatchObject({ installCount: 1, installed: false });

    expect((await asTenant(world, 'b', 'DELETE', '/api/marketplace/plugins/buffer-time/install')).statusCode).toBe(204);
    expect(bySlug(await list('', 'a'), 'buffer-time')).toMatchObject({ installCount: 1, installed: true });
    expect(bySlug(await list('', 'b'), 'buffer-time')).toMatchObject({ installCount: 1, installed: false });
    const detail = await asTenant(world, 'b', 'GET', '/api/marketplace/plugins/buffer-time');
    expect(detail.json()).toMatchObject({ installCount: 1, installed: false });
  });

  it('averages ratings to two decimals, counts them, and follows a replaced rating', async () => {
    await install('a', 'signed-webhooks', WEBHOOK_CONFIG);
    await install('b', 'signed-webhooks', WEBHOOK_CONFIG);
    expect((await rate('a', 'signed-webhooks', 5)).statusCode).toBe(201);
    expect((await rate('b', 'signed-webhooks', 4, 'Solid.')).statusCode).toBe(201);
    expect(bySlug(await list(), 'signed-webhooks')).toMatchObject({ ratingAverage: 4.5, ratingCount: 2 });
    const replaced = await rate('b', 'signed-webhooks', 2, 'Retries could be faster.');
    expect(replaced.statusCode).toBe(200);
    expect(bySlug(await list(), 'signed-webhooks')).toMatchObject({ ratingAverage: 3.5, ratingCount: 2 });
    // Three ratings: 5, 2 and 2 average 3.0; 5, 5, 4 average 4.67 (rounded, not truncated).
    await world.database.pool.query(
      `INSERT INTO public.plugin_ratings (tenant_id, plugin_id, stars)
       SELECT $1::uuid, id, 2 FROM public.plugin_templates WHERE slug = 'signed-webhooks'`, [world.tenants.free.id]);
    expect(bySlug(await list(), 'signed-webhooks')).toMatchObject({ ratingAverage: 3, ratingCount: 3 });
    await rate('b', 'signed-webhooks', 5);
    await world.database.pool.query(`UPDATE public.plugin_ratings SET stars = 4 WHERE tenant_id = $1`, [world.tenants.free.id]);
    expect(bySlug(await list(), 'signed-webhooks')).toMatchObject({ ratingAverage: 4.67, ratingCount: 3 });
    expect(bySlug(await list(), 'buffer-time')).toMatchObject({ ratingAverage: null, ratingCount: 0 });
  });
});

describe('filter and search', () => {
  it.each([
    ['notifications', ['appointment-reminders', 'daily-schedule-digest']],
    ['scheduling', ['buffer-time']],
    ['customers', ['customer-win-back', 'no-show-tracker']],
    ['integrations', ['signed-webhooks']],
  ])('category=%s', async (category, slugs) => {
    expect((await list(`?category=${category}`)).map((plugin) => plugin.slug).sort()).toEqual(slugs);
  });

  it('refuses an unknown category or an unknown query key with 400', async () => {
    for (const query of ['?category=games', '?category=', '?sort=name', '?search=']) {
      const response = await asTenant(world, 'a', 'GET', `/api/marketplace/plugins${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_ERROR');
    }
  });

  it.each([
    ['WEBHOOK', ['signed-webhooks']], // name, any case
    ['cleanup or travel', ['buffer-time']], // short description
    ['hmac-sha256', ['signed-webhooks']], // description only
    ['no-show', ['no-show-tracker', 'signed-webhooks']],
    ['100%', []], // % is a character, not a wildcard
    ['_', []],
    ['zzz-nothing', []],
  ])('search=%s', async (search, slugs) => {
    expect((await list(`?search=${encodeURIComponent(search)}`)).map((plugin) => plugin.slug).sort()).toEqual(slugs);
  });

  it('combines category and search', async () => {
    expect((await list('?category=notifications&search=digest')).map((plugin) => plugin.slug)).toEqual(['daily-schedule-digest']);
    expect(await list('?category=scheduling&search=webhook')).toEqual([]);
  });
});

/**
 * Installing, configuring, uninstalling and rating (SPEC §8): idempotent installs under concurrency, the tier's
 * plugin limit (also at the limit under concurrency), config validation that writes nothing, secrets never sent,
 * tenant isolation, and the bad-input table.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  asTenant, call, createMarketplaceWorld, marketplaceRows, PLATFORM_HOST, resetMarketplace, SLUGS, WEBHOOK_CONFIG, type MarketplaceWorld,
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

const installUrl = (slug: string) => `/api/marketplace/plugins/${slug}/install`;
const installed = async (tenant: 'a' | 'b' | 'free') => {
  const response = await asTenant(world, tenant, 'GET', '/api/plugins/installed');
  expect(response.statusCode, response.body).toBe(200);
  return response.json().installations as any[];
};
const installationCount = async (tenantId: string) => world.database.shared.pluginInstallation.count({ where: { tenantId } });
const storedConfig = async (tenantId: string, slug: string) =>
  (await world.database.shared.pluginInstallation.findFirstOrThrow({ where: { tenantId, plugin: { slug } } })).config as Record<string, unknown>;

describe('install', () => {
  it('installs with defaults filled in (201), and a second install answers 200 with the same installation', async () => {
    const first = await asTenant(world, 'a', 'POST', installUrl('no-show-tracker'), { config: { maxNoShows: 4 } });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      plugin: { slug: 'no-show-tracker', name: 'No-Show Tracker', version: '1.0.0', category: 'customers' },
      config: { maxNoShows: 4 }, secretsSet: [],
    });
    const second = await asTenant(world, 'a', 'POST', installUrl('no-show-tracker'), { config: { maxNoShows: 9 } });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    const defaults = await asTenant(world, 'a', 'POST', installUrl('buffer-time'), {});
    expect(defaults.statusCode).toBe(201);
    expect(defaults.json().config).toEqual({ minutes: 10 });
    expect(await installationCount(world.tenants.a.id)).toBe(2);
  });

  it('20 concurrent installs by one tenant end as one row: one 201, nineteen 200, no 5xx', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () =>
      asTenant(world, 'a', 'POST', installUrl('customer-win-back'), { config: { inactiveDays: 30 } })));
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([...Array(19).fill(200), 201]);
    expect(new Set(responses.map((response) => response.json().id)).size).toBe(1);
    expect(await installationCount(world.tenants.a.id)).toBe(1);
  });

  it('the FREE tier allows one plugin: a second is 403 TIER_LIMIT_REACHED, reinstalling the first is not', async () => {
    expect((await asTenant(world, 'free', 'POST', installUrl('buffer-time'), {})).statusCode).toBe(201);
    const refused = await asTenant(world, 'free', 'POST', installUrl('no-show-tracker'), {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'TIER_LIMIT_REACHED', message: expect.stringContaining('FREE') });
    expect((await asTenant(world, 'free', 'POST', installUrl('buffer-time'), {}, 'TENANT_MANAGER')).statusCode).toBe(200);
    expect(await installationCount(world.tenants.free.id)).toBe(1);
    // Uninstalling frees the slot.
    expect((await asTenant(world, 'free', 'DELETE', installUrl('buffer-time'))).statusCode).toBe(204);
    expect((await asTenant(world, 'free', 'POST', installUrl('no-show-tracker'), {})).statusCode).toBe(201);
  });

  it('concurrent installs of different plugins at the FREE limit: exactly one succeeds, the rest 403, no 5xx', async () => {
    const slugs = [...SLUGS.filter((slug) => slug !== 'signed-webhooks'), ...SLUGS.filter((slug) => slug !== 'signed-webhooks')];
    const responses = await Promise.all(slugs.map((slug) => asTenant(world, 'free', 'POST', installUrl(slug), {})));
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.every((status) => [200, 201, 403].includes(status)), statuses.join()).toBe(true);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    const winner = responses.find((response) => response.statusCode === 201)!.json().plugin.slug;
    // The other request for the same plugin finds it installed (200); every other plugin is refused.
    expect(responses.filter((response) => response.statusCode === 200).every((response) => response.json().plugin.slug === winner)).toBe(true);
    expect(statuses.filter((status) => status === 403)).toHaveLength(8);
    expect(await installationCount(world.tenants.free.id)).toBe(1);
  });
});

describe('configure and uninstall', () => {
  it('PATCH merges the given keys over the stored config and validates the whole', async () => {
    await asTenant(world, 'a', 'POST', installUrl('appointment-reminders'), { config: { hoursBefore: 12, message: 'Hello' } });
    const patched = await asTenant(world, 'a', 'PATCH', installUrl('appointment-reminders'), { config: { hoursBefore: 48 } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().config).toEqual({ hoursBefore: 48, message: 'Hello' });
    // null: back to the default (or absent).
    const reset = await asTenant(world, 'a', 'PATCH', installUrl('appointment-reminders'), { config: { hoursBefore: null, message: null } }, 'TENANT_MANAGER');
    expect(reset.statusCode).toBe(200);
    expect(reset.json().config).toEqual({ hoursBefore: 24 });
    expect(await storedConfig(world.tenants.a.id, 'appointment-reminders')).toEqual({ hoursBefore: 24 });
  });

  it('an invalid PATCH is 400 with the issues and writes nothing', async () => {
    await asTenant(world, 'a', 'POST', installUrl('signed-webhooks'), { config: WEBHOOK_CONFIG });
    const before = await marketplaceRows(world.database);
    for (const config of [{ url: 'ftp://example.com' }, { maxAttempts: 11 }, { events: [] }, { secret: 'short' }, { unknownKey: 1 }, { url: 'https://ok.example', maxAttempts: 0 }]) {
      const response = await asTenant(world, 'a', 'PATCH', installUrl('signed-webhooks'), { config });
      expect(response.statusCode, JSON.stringify(config)).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_ERROR');
      expect(response.json().error.details.length).toBeGreaterThan(0);
      expect(response.json().error.details[0].path).toMatch(/^body\.config/);
    }
    expect(await marketplaceRows(world.database)).toEqual(before);
  });

  it('PATCH and DELETE of a plugin that is not installed answer 404 PLUGIN_NOT_INSTALLED', async () => {
    for (const [method, payload] of [['PATCH', { config: { minutes: 5 } }], ['DELETE', undefined]] as const) {
      const response = await asTenant(world, 'a', method, installUrl('buffer-time'), payload);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('PLUGIN_NOT_INSTALLED');
    }
  });

  it('DELETE uninstalls (204), and a second DELETE is 404', async () => {
    await asTenant(world, 'a', 'POST', installUrl('buffer-time'), {});
    expect((await asTenant(world, 'a', 'DELETE', installUrl('buffer-time'), undefined, 'TENANT_MANAGER')).statusCode).toBe(204);
    expect(await installed('a')).toEqual([]);
    expect((await asTenant(world, 'a', 'DELETE', installUrl('buffer-time'))).statusCode).toBe(404);
  });
});

describe('secrets', () => {
  it('the webhook secret is never sent back: install, reinstall, patch, installed list; a PATCH without it keeps it', async () => {
    const { secret } = WEBHOOK_CONFIG;
    const responses = [
      await asTenant(world, 'a', 'POST', installUrl('signed-webhooks'), { config: WEBHOOK_CONFIG }),
      await asTenant(world, 'a', 'POST', installUrl('signed-webhooks'), { config: WEBHOOK_CONFIG }),
      await asTenant(world, 'a', 'PATCH', installUrl('signed-webhooks'), { config: { maxAttempts: 3 } }),
      await asTenant(world, 'a', 'GET', '/api/plugins/installed'),
      await asTenant(world, 'a', 'GET', '/api/plugins/installed', undefined, 'TENANT_STAFF'),
      await call(world.app, 'GET', '/api/plugins/installed', { host: world.tenants.a.domain, token: world.platformTokens.PLATFORM_SUPPORT }),
      await asTenant(world, 'a', 'GET', '/api/marketplace/plugins'),
      await asTenant(world, 'a', 'GET', '/api/marketplace/plugins/signed-webhooks'),
    ];
    for (const response of responses) {
      expect(response.statusCode).toBeLessThan(300);
      expect(response.body).not.toContain(secret);
    }
    const installation = (await installed('a'))[0];
    expect(installation.config).toEqual({ url: WEBHOOK_CONFIG.url, events: ['created', 'confirmed', 'cancelled', 'completed', 'no_show'], maxAttempts: 3 });
    expect(installation.secretsSet).toEqual(['secret']);
    expect(await storedConfig(world.tenants.a.id, 'signed-webhooks')).toMatchObject({ secret, maxAttempts: 3 });
    // A new secret replaces the old one, and is not echoed either.
    const rotated = await asTenant(world, 'a', 'PATCH', installUrl('signed-webhooks'), { config: { secret: 'another-secret-of-enough-length' } });
    expect(rotated.body).not.toContain('another-secret-of-enough-length');
    expect(await storedConfig(world.tenants.a.id, 'signed-webhooks')).toMatchObject({ secret: 'another-secret-of-enough-length' });
    // A refused config does not echo the secret in its issues.
    const refused = await asTenant(world, 'a', 'POST', installUrl('signed-webhooks'), { config: { url: 'nope', secret } });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).not.toContain(secret);
  });
});

describe('tenant isolation', () => {
  it('B never sees A\'s installations or config, A\'s changes do not touch B, and B cannot rate on A\'s install', async () => {
    await asTenant(world, 'a', 'POST', installUrl('signed-webhooks'), { config: WEBHOOK_CONFIG });
    await asTenant(world, 'b', 'POST', installUrl('buffer-time'), { config: { minutes: 20 } });
    await asTenant(world, 'a', 'POST', installUrl('buffer-time'), { config: { minutes: 5 } });
    expect((await installed('b')).map((row) => row.plugin.slug)).toEqual(['buffer-time']);
    expect((await installed('b'))[0].config).toEqual({ minutes: 20 });
    await asTenant(world, 'a', 'PATCH', installUrl('buffer-time'), { config: { minutes: 45 } });
    expect((await installed('b'))[0].config).toEqual({ minutes: 20 });
    // B acting on what only A has: not installed for B.
    expect((await asTenant(world, 'b', 'PATCH', installUrl('signed-webhooks'), { config: { maxAttempts: 2 } })).statusCode).toBe(404);
    expect((await asTenant(world, 'b', 'DELETE', installUrl('signed-webhooks'))).statusCode).toBe(404);
    const rating = await asTenant(world, 'b', 'POST', '/api/marketplace/plugins/signed-webhooks/ratings', { stars: 1 });
    expect(rating.statusCode).toBe(403);
    expect(rating.json().error.code).toBe('PLUGIN_NOT_INSTALLED_FOR_RATING');
    expect(await world.database.shared.pluginRating.count()).toBe(0);
    expect(await storedConfig(world.tenants.a.id, 'signed-webhooks')).toMatchObject({ maxAttempts: 5 });
    // A's token on B's host is refused before anything is read.
    const crossHost = await call(world.app, 'GET', '/api/plugins/installed', { host: world.tenants.b.domain, token: world.tenants.a.tokens.TENANT_OWNER });
    expect(crossHost.statusCode).toBe(401);
    expect(crossHost.body).not.toContain('signed-webhooks');
    expect((await installed('a')).map((row) => row.plugin.slug).sort()).toEqual(['buffer-time', 'signed-webhooks']);
  });
});

describe('ratings', () => {
  it('rates once per tenant: 201, then 200 replacing it; review optional, trimmed, at most 2000 characters', async () => {
    await asTenant(world, 'a', 'POST', installUrl('buffer-time'), {});
    const first = await asTenant(world, 'a', 'POST', '/api/marketplace/plugins/buffer-time/ratings', { stars: 4, review: '  Handy.  ' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ pluginSlug: 'buffer-time', stars: 4, review: 'Handy.' });
    const second = await asTenant(world, 'a', 'POST', '/api/marketplace/plugins/buffer-time/ratings', { stars: 5 }, 'TENANT_MANAGER');
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ id: first.json().id, stars: 5, review: null });
    expect(await world.database.shared.pluginRating.count()).toBe(1);
    const long = await asTenant(world, 'a', 'POST', '/api/marketplace/plugins/buffer-time/ratings', { stars: 3, review: 'x'.repeat(2001) });
    expect(long.statusCode).toBe(400);
    expect((await asTenant(world, 'a', 'POST', '/api/marketplace/plugins/buffer-time/ratings', { stars: 3, review: 'x'.repeat(2000) })).statusCode).toBe(200);
  });
});

describe('bad input', () => {
  const SLUG_ROUTES: Array<['GET' | 'POST' | 'PATCH' | 'DELETE', string, unknown]> = [
    ['GET', '/api/marketplace/plugins/no-such', undefined],
    ['POST', '/api/marketplace/plugins/no-such/install', { config: {} }],
    ['PATCH', '/api/marketplace/plugins/no-such/install', { config: { a: 1 } }],
    ['DELETE', '/api/marketplace/plugins/no-such/install', undefined],
    ['POST', '/api/marketplace/plugins/no-such/ratings', { stars: 5 }],
  ];
  it.each(SLUG_ROUTES)('unknown slug: %s %s → 404 PLUGIN_NOT_FOUND', async (method, url, payload) => {
    const response = await asTenant(world, 'a', method, url, payload);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('PLUGIN_NOT_FOUND');
  });

  const INVALID_INSTALLS: Array<[string, string, unknown]> = [
    ['signed-webhooks', 'missing url and secret', { config: {} }],
    ['signed-webhooks', 'url not http(s)', { config: { ...WEBHOOK_CONFIG, url: 'javascript:alert(1)' } }],
    ['signed-webhooks', 'unknown event', { config: { ...WEBHOOK_CONFIG, events: ['exploded'] } }],
    ['buffer-time', 'minutes out of range', { config: { minutes: 241 } }],
    ['buffer-time', 'minutes as a string', { config: { minutes: '10' } }],
    ['buffer-time', 'unknown config key', { config: { minutes: 10, extra: true } }],
    ['daily-schedule-digest', 'sendAt not HH:MM', { config: { sendAt: '25:00' } }],
    ['customer-win-back', 'inactiveDays too small', { config: { inactiveDays: 1 } }],
    ['buffer-time', 'config not an object', { config: [1, 2] }],
    ['buffer-time', 'unknown body key', { config: {}, force: true }],
    ['buffer-time', 'body not an object', ['config']],
  ];
  it.each(INVALID_INSTALLS)('install %s with %s → 400 VALIDATION_ERROR with details, nothing written', async (slug, _why, payload) => {
    const before = await marketplaceRows(world.database);
    const response = await asTenant(world, 'a', 'POST', installUrl(slug), payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_ERROR');
    expect(response.json().error.details.length).toBeGreaterThan(0);
    expect(await marketplaceRows(world.database)).toEqual(before);
  });

  it('PATCH with an empty config or unknown body keys → 400', async () => {
    await asTenant(world, 'a', 'POST', installUrl('buffer-time'), {});
    for (const payload of [{ config: {} }, {}, { config: { minutes: 5 }, other: 1 }]) {
      expect((await asTenant(world, 'a', 'PATCH', installUrl('buffer-time'), payload)).statusCode, JSON.stringify(payload)).toBe(400);
    }
  });

  it.each([[0], [6], [2.5], ['5'], [null], [-1]])('stars %j → 400, nothing written', async (stars) => {
    await asTenant(world, 'a', 'POST', installUrl('buffer-time'), {});
    const response = await asTenant(world, 'a', 'POST', '/api/marketplace/plugins/buffer-time/ratings', { stars });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_ERROR');
    expect(await world.database.shared.pluginRating.count()).toBe(0);
  });

  it('rating body with unknown keys or without stars → 400', async () => {
    await asTenant(world, 'a', 'POST', installUrl('buffer-time'), {});
    for (const payload of [{}, { stars: 5, tenantId: world.tenants.b.id }, { review: 'no stars' }]) {
      expect((await asTenant(world, 'a', 'POST', '/api/marketplace/plugins/buffer-time/ratings', payload)).statusCode).toBe(400);
    }
    expect(await world.database.shared.pluginRating.count()).toBe(0);
  });

  it('rating a plugin the tenant has not installed → 403 PLUGIN_NOT_INSTALLED_FOR_RATING', async () => {
    const response = await asTenant(world, 'a', 'POST', '/api/marketplace/plugins/buffer-time/ratings', { stars: 5 });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('PLUGIN_NOT_INSTALLED_FOR_RATING');
  });

  it('tenant operations on a platform host answer 404 TENANT_CONTEXT_REQUIRED', async () => {
    for (const [method, url] of [
      ['GET', '/api/plugins/installed'], ['POST', installUrl('buffer-time')], ['PATCH', installUrl('buffer-time')],
      ['DELETE', installUrl('buffer-time')], ['POST', '/api/marketplace/plugins/buffer-time/ratings'],
    ] as const) {
      const response = await call(world.app, method, url, { host: PLATFORM_HOST, token: world.platformTokens.SUPERUSER, payload: method === 'GET' || method === 'DELETE' ? undefined : {} });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().error.code).toBe('TENANT_CONTEXT_REQUIRED');
    }
  });
});

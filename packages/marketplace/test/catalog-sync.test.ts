/** syncPluginCatalog against a real database: idempotent, updates what changed, and never orphans an install. */
import { createDatabase, createTenantProvisioner, loadMigrationSet, type Database } from '@smoothschedule/db';
import { createMigratedTestDatabase, type TestDatabase } from '@smoothschedule/db/testing';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { PLATFORM_PLUGINS } from '../plugins/index.ts';
import { syncPluginCatalog } from '../src/catalog/catalog-sync.ts';
import type { PluginDefinition } from '../src/plugin-definition.ts';

let testDb: TestDatabase;
let database: Database;
let tenantId: string;
beforeAll(async () => {
  testDb = await createMigratedTestDatabase();
  database = createDatabase({ connectionString: testDb.url, poolSize: 4 });
  const provisioner = createTenantProvisioner({ pool: database.pool, tenantMigrations: loadMigrationSet('tenant') });
  tenantId = (await provisioner.provision({ name: 'Sync Co', schemaName: 'sync_co', domain: 'sync.test', subscriptionTier: 'BUSINESS' })).id;
});
afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});
beforeEach(async () => {
  await database.shared.pluginTemplate.deleteMany();
});

const SLUGS = PLATFORM_PLUGINS.map((plugin) => plugin.manifest.slug).sort();
const rows = () => database.shared.pluginTemplate.findMany({ orderBy: { slug: 'asc' } });
const renamed = (slug: string, name: string): PluginDefinition[] => PLATFORM_PLUGINS.map((plugin) =>
  plugin.manifest.slug === slug ? { ...plugin, manifest: { ...plugin.manifest, name } } : plugin);

it('writes the six manifests, then a second sync changes nothing (not even updatedAt)', async () => {
  const first = await syncPluginCatalog(database.shared);
  expect(first.created.sort()).toEqual(SLUGS);
  const before = await rows();
  expect(before.map((row) => row.slug)).toEqual(SLUGS);
  const webhooks = before.find((row) => row.slug === 'signed-webhooks')!;
  expect(webhooks).toMatchObject({ author: 'Smooth Schedule', version: '1.0.0', isPlatform: true, category: 'integrations' });
  expect(webhooks.configSchema).toMatchObject({ type: 'object', required: ['url', 'secret'], additionalProperties: false });
  expect(webhooks.events).toEqual(['created', 'confirmed', 'cancelled', 'completed', 'no_show']);
  const second = await syncPluginCatalog(database.shared);
  expect(second).toEqual({ created: [], updated: [], unchanged: expect.arrayContaining(SLUGS), removed: [], keptInstalled: [] });
  expect(await rows()).toEqual(before);
});

it('updates a changed manifest in place: same id, same createdAt, new updatedAt', async () => {
  await syncPluginCatalog(database.shared);
  const before = (await rows()).find((row) => row.slug === 'buffer-time')!;
  const report = await syncPluginCatalog(database.shared, renamed('buffer-time', 'Buffer Time Plus'));
  expect(report.updated).toEqual(['buffer-time']);
  expect(report.unchanged).toHaveLength(5);
  const after = (await rows()).find((row) => row.slug === 'buffer-time')!;
  expect(after.name).toBe('Buffer Time Plus');
  expect(after.id).toBe(before.id);
  expect(after.createdAt).toEqual(before.createdAt);
  expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
});

it('removes a plugin that is no longer shipped, unless a tenant has it installed', async () => {
  await syncPluginCatalog(database.shared);
  const winBack = (await rows()).find((row) => row.slug === 'customer-win-back')!;
  await database.shared.pluginInstallation.create({ data: { tenantId, pluginId: winBack.id, config: {} } });
  const withoutTwo = PLATFORM_PLUGINS.filter((plugin) => !['customer-win-back', 'buffer-time'].includes(plugin.manifest.slug));
  const report = await syncPluginCatalog(database.shared, withoutTwo);
  expect(report.removed).toEqual(['buffer-time']);
  expect(report.keptInstalled).toEqual(['customer-win-back']);
  const slugs = (await rows()).map((row) => row.slug);
  expect(slugs).not.toContain('buffer-time');
  expect(slugs).toContain('customer-win-back');
  expect(await database.shared.pluginInstallation.count({ where: { tenantId } })).toBe(1);
  // Shipped again: the kept row is the same one.
  await syncPluginCatalog(database.shared);
  expect((await rows()).find((row) => row.slug === 'customer-win-back')!.id).toBe(winBack.id);
  await database.shared.pluginInstallation.deleteMany();
});

it('refuses two plugins with one slug, writing nothing', async () => {
  await expect(syncPluginCatalog(database.shared, [PLATFORM_PLUGINS[0]!, PLATFORM_PLUGINS[0]!])).rejects.toThrow(/share a slug/);
  expect(await rows()).toEqual([]);
});

it('concurrent syncs end with one row per plugin', async () => {
  await Promise.all([1, 2, 3, 4].map(() => syncPluginCatalog(database.shared)));
  expect((await rows()).map((row) => row.slug)).toEqual(SLUGS);
});

/** The demo tenant's six plugins (SPEC §10): installed with valid configs, once, within the tenant's tier. */
import { createDatabase, createTenantProvisioner, DEMO_TENANT, loadMigrationSet, seedDemoTenant, type Database } from '@smoothschedule/db';
import { createMigratedTestDatabase, type TestDatabase } from '@smoothschedule/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PLATFORM_PLUGINS } from '../plugins/index.ts';
import { syncPluginCatalog } from '../src/catalog/catalog-sync.ts';
import { DEMO_WEBHOOK_URL, seedDemoPlugins } from '../src/seed/demo-plugins-seed.ts';

let testDb: TestDatabase;
let database: Database;
beforeAll(async () => {
  testDb = await createMigratedTestDatabase();
  database = createDatabase({ connectionString: testDb.url, poolSize: 2 });
  await syncPluginCatalog(database.shared);
});
afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

const installationsOf = (tenantId: string) =>
  database.shared.pluginInstallation.findMany({ where: { tenantId }, include: { plugin: true } });

it('the demo tenant is BUSINESS and gets all six plugins with valid configs, once', async () => {
  const tenant = await seedDemoTenant(database, loadMigrationSet('tenant'));
  const row = await database.shared.tenant.findUniqueOrThrow({ where: { id: tenant.tenantId } });
  expect(row.subscriptionTier).toBe('BUSINESS');
  expect(DEMO_TENANT.subscriptionTier).toBe('BUSINESS');

  const first = await seedDemoPlugins(database, tenant.tenantId);
  expect(first.installed.sort()).toEqual(PLATFORM_PLUGINS.map((plugin) => plugin.manifest.slug).sort());
  const installations = await installationsOf(tenant.tenantId);
  expect(installations).toHaveLength(6);
  for (const installation of installations) {
    const manifest = PLATFORM_PLUGINS.find((plugin) => plugin.manifest.slug === installation.plugin.slug)!.manifest;
    // Stored as parsed: valid, with defaults filled in.
    expect(manifest.configSchema.parse(installation.config)).toEqual(installation.config);
  }
  const webhooks = installations.find((installation) => installation.plugin.slug === 'signed-webhooks')!.config as Record<string, unknown>;
  expect(webhooks.url).toBe(DEMO_WEBHOOK_URL);
  expect(webhooks.secret).toMatch(/^[0-9a-f]{64}$/);

  expect(await seedDemoPlugins(database, tenant.tenantId)).toEqual({ installed: [] });
  expect(await installationsOf(tenant.tenantId)).toEqual(installations);
});

it('a demo tenant on a smaller tier gets only as many plugins as the tier allows', async () => {
  const provisioner = createTenantProvisioner({ pool: database.pool, tenantMigrations: loadMigrationSet('tenant') });
  const small = await provisioner.provision({ name: 'Small Demo', schemaName: 'small_demo', domain: 'small-demo.test', subscriptionTier: 'PROFESSIONAL', isDemo: true });
  expect((await seedDemoPlugins(database, small.id)).installed).toHaveLength(5);
  expect(await database.shared.pluginInstallation.count({ where: { tenantId: small.id } })).toBe(5);
});

it('two demo seeds give different webhook secrets', async () => {
  const provisioner = createTenantProvisioner({ pool: database.pool, tenantMigrations: loadMigrationSet('tenant') });
  const other = await provisioner.provision({ name: 'Other Demo', schemaName: 'other_demo', domain: 'other-demo.test', subscriptionTier: 'BUSINESS', isDemo: true });
  await seedDemoPlugins(database, other.id);
  const secrets = await database.pool.query(
    `SELECT i.config->>'secret' AS secret FROM public.plugin_installations i JOIN public.plugin_templates t ON t.id = i.plugin_id
     WHERE t.slug = 'signed-webhooks'`);
  expect(secrets.rows).toHaveLength(2);
  expect(secrets.rows[0].secret).not.toBe(secrets.rows[1].secret);
});

/**
 * The admin's marketplace page in headless Chromium: the six platform plugins with their live install counts and
 * ratings (figures change on the next load when tenants install, uninstall or rate), filters, and a tenant owner's
 * view marking what their business has installed.
 */
import { syncPluginCatalog } from '@smoothschedule/marketplace';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { launchBrowser, listen, screenshot, signIn } from './admin-browser-support.ts';
import { createApiFixture, TENANT_A, TENANT_B, type ApiFixture } from './api-test-app.ts';
import { createUser, tenantIdOf } from './auth-test-support.ts';
import { buildMasqueradeApp } from './masquerade-test-support.ts';

let fixture: ApiFixture;
let app: App;
let browser: Browser;
let origin: string;
let page: Page;
const tenantIds: Record<'a' | 'b', string> = { a: '', b: '' };

async function install(tenant: 'a' | 'b', slug: string) {
  const plugin = await fixture.database.shared.pluginTemplate.findUniqueOrThrow({ where: { slug } });
  await fixture.database.shared.pluginInstallation.create({ data: { tenantId: tenantIds[tenant], pluginId: plugin.id, config: {} } });
  return plugin.id;
}

/** Slug → [install count, rating shown, rating count] as the page shows them. */
const figures = (p: Page) =>
  p.$$eval('tr[data-plugin]', (rows) => Object.fromEntries(rows.map((row) => [
    row.getAttribute('data-plugin'),
    [
      Number(row.querySelector('[data-install-count]')?.getAttribute('data-install-count')),
      row.querySelector('[data-rating]')?.getAttribute('data-rating'),
      row.querySelector('[data-rating-count]')?.textContent ?? null,
    ],
  ])));

beforeAll(async () => {
  fixture = await createApiFixture();
  await syncPluginCatalog(fixture.database.shared);
  ({ app } = await buildMasqueradeApp(fixture.database));
  tenantIds.a = await tenantIdOf(fixture.database, TENANT_A.schemaName);
  tenantIds.b = await tenantIdOf(fixture.database, TENANT_B.schemaName);
  await createUser(fixture.database, { email: 'root@market.test', role: 'SUPERUSER' });
  await createUser(fixture.database, { email: 'owner@market.test', role: 'TENANT_OWNER', tenantId: tenantIds.a });
  const reminders = await install('a', 'appointment-reminders');
  await install('b', 'appointment-reminders');
  await install('b', 'buffer-time');
  await fixture.database.shared.pluginRating.createMany({
    data: [{ tenantId: tenantIds.a, pluginId: reminders, stars: 5 }, { tenantId: tenantIds.b, pluginId: reminders, stars: 4 }],
  });
  origin = `http://localhost:${await listen(app)}`;
  browser = await launchBrowser();
  ({ page } = await signIn(browser, origin, 'root@market.test'));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await fixture?.close();
});

describe('the marketplace page', () => {
  it('lists the six plugins with live install counts and ratings', async () => {
    await page.goto(`${origin}/admin/marketplace`);
    expect(await page.textContent('.sidebar nav a.active')).toBe('Marketplace');
    expect(await figures(page)).toEqual({
      'appointment-reminders': [2, '4.50', '2'],
      'daily-schedule-digest': [0, 'none', null],
      'no-show-tracker': [0, 'none', null],
      'buffer-time': [1, 'none', null],
      'customer-win-back': [0, 'none', null],
      'signed-webhooks': [0, 'none', null],
    });
    await screenshot(page, 'marketplace');
  });

  it('shows the new figures on the next load after an uninstall and a changed rating', async () => {
    await fixture.database.shared.pluginInstallation.deleteMany({ where: { tenantId: tenantIds.b, plugin: { slug: 'buffer-time' } } });
    await fixture.database.shared.pluginRating.updateMany({ where: { tenantId: tenantIds.b }, data: { stars: 1 } });
    await page.goto(`${origin}/admin/marketplace`);
    const shown = await figures(page);
    expect(shown['appointment-reminders']).toEqual([2, '3.00', '2']);
    expect(shown['buffer-time']).toEqual([0, 'none', null]);
  });

  it('filters by category and by text', async () => {
    await page.goto(`${origin}/admin/marketplace`);
    await page.selectOption('select[name=category]', 'customers');
    await page.click('form.filters button[type=submit]');
    await page.waitForLoadState('load');
    expect(Object.keys(await figures(page)).sort()).toEqual(['customer-win-back', 'no-show-tracker']);
    await page.goto(`${origin}/admin/marketplace?search=${encodeURIComponent('HMAC')}`);
    expect(Object.keys(await figures(page))).toEqual(['signed-webhooks']);
    await page.goto(`${origin}/admin/marketplace?search=nothing-like-this`);
    expect(await page.textContent('.empty')).toContain('No plugins match');
  });

  it("marks in a tenant owner's business admin what their business has installed", async () => {
    const { context, page: owner } = await signIn(browser, origin.replace('localhost', TENANT_A.domain), 'owner@market.test');
    await owner.goto(`${origin.replace('localhost', TENANT_A.domain)}/admin/marketplace`);
    const installed = await owner.$$eval('tr[data-plugin]:has([data-installed])', (rows) => rows.map((row) => row.getAttribute('data-plugin')));
    expect(installed).toEqual(['appointment-reminders']);
    await screenshot(owner, 'business-marketplace');
    await context.close();
  });
});

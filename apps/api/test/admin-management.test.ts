/**
 * The admin's management pages in headless Chromium: creating a tenant from the form (and a refused one, with the
 * error next to its field and the values kept), changing its tier, grants created, revoked and bulk-revoked, and
 * the domains page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { launchBrowser, listen, screenshot, signIn } from './admin-browser-support.ts';
import { createApiFixture, TENANT_A, type ApiFixture } from './api-test-app.ts';
import { createUser, tenantIdOf } from './auth-test-support.ts';
import { buildMasqueradeApp } from './masquerade-test-support.ts';

let fixture: ApiFixture;
let app: App;
let browser: Browser;
let origin: string;
let page: Page;

beforeAll(async () => {
  fixture = await createApiFixture();
  ({ app } = await buildMasqueradeApp(fixture.database));
  await createUser(fixture.database, { email: 'root@manage.test', role: 'SUPERUSER' });
  await createUser(fixture.database, { email: 'support@manage.test', role: 'PLATFORM_SUPPORT' });
  await createUser(fixture.database, { email: 'owner@manage.test', role: 'TENANT_OWNER', tenantId: await tenantIdOf(fixture.database, TENANT_A.schemaName) });
  origin = `http://localhost:${await listen(app)}`;
  browser = await launchBrowser();
  ({ page } = await signIn(browser, origin, 'root@manage.test'));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await fixture?.close();
});

const statusesOf = (p: Page) => p.$$eval('tr[data-grant]', (trs) => Object.fromEntries(trs.map((tr) => [tr.getAttribute('data-grant'), tr.getAttribute('data-grant-status')])));

describe('tenants', () => {
  it('creates a tenant from the form, which is then listed with its domain and migration state', async () => {
    await page.goto(`${origin}/admin/tenants`);
    await page.fill('input[name=name]', 'Gamma Studio');
    await page.fill('input[name=schemaName]', 'admin_gamma');
    await page.fill('input[name=domain]', 'gamma.api.test');
    await page.selectOption('#create select[name=subscriptionTier]', 'PROFESSIONAL');
    await page.click('#create button[type=submit]');
    await page.waitForLoadState('load');
    expect(await page.textContent('[role=alert]')).toContain('Created Gamma Studio on gamma.api.test');
    const row = page.locator('tr[data-tenant=admin_gamma]');
    expect(await row.textContent()).toContain('gamma.api.test');
    expect(await row.locator('code').last().textContent()).toMatch(/^\d{14}_/);
    expect(await fixture.database.shared.tenant.count({ where: { schemaName: 'admin_gamma', subscriptionTier: 'PROFESSIONAL' } })).toBe(1);
    await screenshot(page, 'tenants');
  });

  it('shows a refused schema name next to its field and keeps what was typed', async () => {
    await page.goto(`${origin}/admin/tenants`);
    await page.fill('input[name=name]', 'Hostile');
    await page.fill('input[name=schemaName]', 'pg_catalog');
    await page.fill('input[name=domain]', 'hostile.api.test');
    await page.click('#create button[type=submit]');
    await page.waitForLoadState('load');
    expect(await page.textContent('[data-error-for=schemaName]')).toBeTruthy();
    expect(await page.inputValue('input[name=name]')).toBe('Hostile');
    expect(await page.inputValue('input[name=domain]')).toBe('hostile.api.test');
    expect(await fixture.database.shared.tenant.count({ where: { name: 'Hostile' } })).toBe(0);
    await screenshot(page, 'tenants-form-error');
  });

  it('changes a tenant’s tier and status', async () => {
    await page.goto(`${origin}/admin/tenants`);
    const row = page.locator('tr[data-tenant=admin_gamma]');
    await row.locator('select[name=subscriptionTier]').selectOption('BUSINESS');
    await row.locator('select[name=status]').selectOption('TRIAL');
    await row.locator('button[type=submit]').click();
    await page.waitForLoadState('load');
    expect(await page.textContent('[role=alert]')).toContain('BUSINESS, TRIAL');
    expect(await fixture.database.shared.tenant.count({ where: { schemaName: 'admin_gamma', subscriptionTier: 'BUSINESS', status: 'TRIAL' } })).toBe(1);
  });
});

describe('permission grants', () => {
  const grant = async (action: string, reason: string) => {
    await page.goto(`${origin}/admin/grants`);
    const support = await fixture.database.shared.user.findFirstOrThrow({ where: { email: 'support@manage.test' } });
    await page.selectOption('select[name=granteeId]', support.id);
    await page.selectOption('select[name=action]', action);
    await page.fill('input[name=reason]', reason);
    await page.click('#create button[type=submit]');
    await page.waitForLoadState('load');
    expect(await page.textContent('[role=alert]')).toContain(`Granted ${action} to support@manage.test`);
    return (await fixture.database.shared.permissionGrant.findFirstOrThrow({ where: { reason } })).id;
  };

  it('creates a grant and revokes it', async () => {
    const id = await grant('view_billing', 'ticket 1');
    expect((await statusesOf(page))[id]).toBe('ACTIVE');
    await page.click(`button[data-revoke="${id}"]`);
    await page.waitForLoadState('load');
    expect((await statusesOf(page))[id]).toBe('REVOKED');
  });

  it('bulk-revokes two grants', async () => {
    const first = await grant('view_billing', 'ticket 2');
    const second = await grant('manage_users', 'ticket 3');
    await page.check(`tr[data-grant="${first}"] input[name=ids]`);
    await page.check(`tr[data-grant="${second}"] input[name=ids]`);
    await screenshot(page, 'grants');
    await page.click('button[data-bulk-revoke]');
    await page.waitForLoadState('load');
    expect(await page.textContent('[role=alert]')).toContain('Revoked 2 grants');
    const statuses = await statusesOf(page);
    expect([statuses[first], statuses[second]]).toEqual(['REVOKED', 'REVOKED']);
  });

  it('shows a refused grant next to its field', async () => {
    await page.goto(`${origin}/admin/grants`);
    await page.fill('input[name=reason]', 'too long');
    await page.fill('input[name=durationMinutes]', '9999');
    await page.click('#create button[type=submit]');
    await page.waitForLoadState('load');
    expect(await page.textContent('[data-error-for=durationMinutes], [role=alert]')).toBeTruthy();
    expect(await page.inputValue('input[name=reason]')).toBe('too long');
  });
});

describe('domains', () => {
  it("lists each tenant's domains and refuses a custom domain below PROFESSIONAL", async () => {
    await page.goto(`${origin}/admin/domains`);
    expect(await page.locator(`tr[data-domain="${TENANT_A.domain}"]`).count()).toBe(1);
    const alpha = page.locator('[data-tenant-domains]', { hasText: TENANT_A.name });
    await alpha.locator('input[name=domain]').fill('book.alpha-salon.test');
    await alpha.locator('button[type=submit]').last().click();
    await page.waitForLoadState('load');
    expect(await page.textContent('[role=alert]')).toContain('Refused');
    await screenshot(page, 'domains');
  });

  it('adds a custom domain for a PROFESSIONAL tenant, PENDING without AWS', async () => {
    await page.goto(`${origin}/admin/domains`);
    const gamma = page.locator('[data-tenant-domains]', { hasText: 'Gamma Studio' });
    await gamma.locator('input[name=domain]').fill('book.gamma.test');
    await gamma.locator('button[type=submit]').last().click();
    await page.waitForLoadState('load');
    expect(await page.textContent('[role=alert]')).toContain('Added book.gamma.test: PENDING');
    expect(await page.locator('tr[data-domain="book.gamma.test"] [data-status]').getAttribute('data-status')).toBe('PENDING');
  });
});

describe("a tenant owner's business admin", () => {
  it('shows only the tenant pages, scoped to their tenant', async () => {
    const { context, page: owner } = await signIn(browser, origin.replace('localhost', TENANT_A.domain), 'owner@manage.test');
    expect(new URL(owner.url()).pathname).toBe('/admin/users');
    const nav = await owner.$$eval('.sidebar nav a', (links) => links.map((link) => link.textContent));
    expect(nav).toEqual(['Users', 'Permission grants', 'Audit', 'Marketplace']);
    const emails = await owner.$$eval('tr[data-user]', (trs) => trs.map((tr) => tr.getAttribute('data-user')));
    expect(emails).toContain('owner@manage.test');
    expect(emails.some((email) => email?.endsWith('@manage.test') && email !== 'owner@manage.test')).toBe(false);
    await screenshot(owner, 'business-admin');
    await context.close();
  });
});

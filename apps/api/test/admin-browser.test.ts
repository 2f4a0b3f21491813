/**
 * The admin in headless Chromium: logging in, the users page and its role badges, masquerading from the users page
 * (banner, target identity, stop, both events on the audit page), CSRF, and who may not open it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { createApiFixture, TENANT_A, type ApiFixture } from './api-test-app.ts';
import { launchBrowser, listen, screenshot, signIn } from './admin-browser-support.ts';
import { createUser, tenantIdOf } from './auth-test-support.ts';
import { buildMasqueradeApp } from './masquerade-test-support.ts';

let fixture: ApiFixture;
let app: App;
let browser: Browser;
let platform: string;
let alpha: string;

const USERS = {
  root: { email: 'root@admin.test', role: 'SUPERUSER' as const, tenant: false },
  support: { email: 'support@admin.test', role: 'PLATFORM_SUPPORT' as const, tenant: false },
  owner: { email: 'owner@alpha.test', role: 'TENANT_OWNER' as const, tenant: true },
  manager: { email: 'manager@alpha.test', role: 'TENANT_MANAGER' as const, tenant: true },
  staff: { email: 'staff@alpha.test', role: 'TENANT_STAFF' as const, tenant: true },
  customer: { email: 'customer@alpha.test', role: 'CUSTOMER' as const, tenant: true },
};

beforeAll(async () => {
  fixture = await createApiFixture();
  ({ app } = await buildMasqueradeApp(fixture.database));
  const tenantA = await tenantIdOf(fixture.database, TENANT_A.schemaName);
  for (const user of Object.values(USERS)) {
    await createUser(fixture.database, { email: user.email, role: user.role, tenantId: user.tenant ? tenantA : null });
  }
  const port = await listen(app);
  platform = `http://localhost:${port}`;
  alpha = `http://${TENANT_A.domain}:${port}`;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await fixture?.close();
});

describe('signing in', () => {
  it('sends a visitor without a session to the login page', async () => {
    const page = await browser.newPage();
    await page.goto(`${platform}/admin/users`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await screenshot(page, 'login');
    await page.close();
  });

  it('shows a wrong password next to the form, keeping the email', async () => {
    const { context, page } = await signIn(browser, platform, USERS.root.email, 'not the password');
    expect(await page.textContent('[role=alert]')).toContain('incorrect');
    expect(await page.inputValue('input[name=email]')).toBe(USERS.root.email);
    await context.close();
  });

  it('lets a SUPERUSER in, to the users page with colour-coded role badges', async () => {
    const { context, page } = await signIn(browser, platform, USERS.root.email);
    expect(new URL(page.url()).pathname).toBe('/admin/tenants');
    expect(await page.textContent('[data-testid=identity]')).toBe(USERS.root.email);
    await page.goto(`${platform}/admin/users`);
    const rows = await page.$$eval('tr[data-user]', (trs) =>
      trs.map((tr) => {
        const badge = tr.querySelector('.badge[data-role]')!;
        return { email: tr.getAttribute('data-user'), role: badge.getAttribute('data-role'), className: badge.className, color: getComputedStyle(badge).backgroundColor };
      }),
    );
    const expected = Object.values(USERS).map((user) => ({ email: user.email, role: user.role }));
    expect(rows.map(({ email, role }) => ({ email, role }))).toEqual(expect.arrayContaining(expected));
    for (const row of rows) expect(row.className).toContain(`role-${row.role}`);
    // Colour-coded: different roles, different badge colours.
    const colours = new Map(rows.map((row) => [row.role, row.color]));
    expect(new Set(colours.values()).size).toBe(colours.size);
    await screenshot(page, 'users');

    // Filters: by role, and by tenant through the tenant picker.
    await page.selectOption('select[name=role]', 'TENANT_STAFF');
    await page.click('form.filters button[type=submit]');
    await page.waitForLoadState('load');
    expect(await page.$$eval('tr[data-user]', (trs) => trs.map((tr) => tr.getAttribute('data-user')))).toEqual([USERS.staff.email]);
    await page.selectOption('select[name=role]', '');
    await page.selectOption('select[name=tenantId]', { label: TENANT_A.name });
    await page.click('form.filters button[type=submit]');
    await page.waitForLoadState('load');
    const inAlpha = await page.$$eval('tr[data-user]', (trs) => trs.map((tr) => tr.getAttribute('data-user')));
    expect(inAlpha.sort()).toEqual([USERS.customer.email, USERS.manager.email, USERS.owner.email, USERS.staff.email].sort());
    await context.close();
  });

  it.each([
    ['TENANT_STAFF', 'staff'],
    ['CUSTOMER', 'customer'],
    ['TENANT_MANAGER', 'manager'],
  ] as const)('refuses a %s on their tenant host', async (_role, key) => {
    const { context, page } = await signIn(browser, alpha, USERS[key].email);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    expect(await page.textContent('[role=alert]')).toContain('cannot use the business admin');
    const again = await page.goto(`${alpha}/admin/users`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    expect(again?.status()).toBe(200);
    await context.close();
  });

  it('refuses a tenant user on the platform host (their login is not valid there)', async () => {
    const { context, page } = await signIn(browser, platform, USERS.owner.email);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await context.close();
  });
});

describe('masquerading from the users page', () => {
  it('starts, shows the banner and the target, stops, and both events are on the audit page', async () => {
    const { context, page } = await signIn(browser, platform, USERS.support.email);
    await page.goto(`${platform}/admin/users`);
    await page.click(`button[data-masquerade="${USERS.staff.email}"]`);
    await page.waitForLoadState('load');
    expect(await page.isVisible('#masquerade-banner')).toBe(true);
    expect(await page.textContent('[data-testid=real-identity]')).toBe(USERS.support.email);
    expect(await page.textContent('[data-testid=target-identity]')).toBe(USERS.staff.email);
    expect(await page.textContent('[data-testid=identity]')).toBe(USERS.staff.email);
    expect(await page.textContent('[data-masquerade-expires]')).toMatch(/^(29|30) minutes$/);
    await screenshot(page, 'masquerade-banner');

    await page.click('#masquerade-banner button[type=submit]');
    await page.waitForLoadState('load');
    expect(await page.isVisible('#masquerade-banner')).toBe(false);
    expect(await page.textContent('[role=alert]')).toContain(`Stopped masquerading as ${USERS.staff.email}`);
    expect(await page.textContent('[data-testid=identity]')).toBe(USERS.support.email);

    await page.goto(`${platform}/admin/audit?target=${encodeURIComponent(USERS.staff.email)}`);
    const actions = await page.$$eval('tr[data-audit-action]', (trs) => trs.map((tr) => tr.getAttribute('data-audit-action')));
    expect(actions).toEqual(['HIJACK_END', 'HIJACK_START']);
    const securityEvents = await page.$$eval('tr[data-security-event]', (trs) => trs.map((tr) => tr.getAttribute('data-security-event')));
    expect(securityEvents).toContain('login.success');
    await screenshot(page, 'audit');
    await context.close();
  });
});

describe('CSRF', () => {
  it('refuses a form posted without its token, and accepts the page’s own form', async () => {
    const { context, page } = await signIn(browser, platform, USERS.root.email);
    const staffId = (await fixture.database.shared.user.findFirstOrThrow({ where: { email: USERS.staff.email } })).id;
    const forged = await page.evaluate(async (userId) => {
      const response = await fetch('/admin/masquerade/start', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ userId }).toString(),
        redirect: 'manual',
      });
      return response.status;
    }, staffId);
    expect(forged).toBe(403);
    expect(await fixture.database.shared.masqueradeSession.count({ where: { targetId: staffId, endedAt: null } })).toBe(0);
    await context.close();
  });
});

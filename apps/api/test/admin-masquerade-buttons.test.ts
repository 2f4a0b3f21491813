/**
 * For each platform role and a tenant owner, the users page shows a Masquerade button on exactly the rows SPEC §5
 * allows: every listed user is checked against the spec table (and the test fails if a viewer sees no rows).
 */
import type { Role } from '@smoothschedule/auth';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { launchBrowser, listen, screenshot, signIn } from './admin-browser-support.ts';
import { createApiFixture, TENANT_A, TENANT_B, type ApiFixture } from './api-test-app.ts';
import { createUser, tenantIdOf } from './auth-test-support.ts';
import { PLATFORM, specAllows, TENANT, type SpecTarget } from './masquerade-spec-table.ts';
import { buildMasqueradeApp } from './masquerade-test-support.ts';

let fixture: ApiFixture;
let app: App;
let browser: Browser;
let port: number;
const people = new Map<string, SpecTarget & { email: string }>();

beforeAll(async () => {
  fixture = await createApiFixture();
  ({ app } = await buildMasqueradeApp(fixture.database));
  const tenants = { A: await tenantIdOf(fixture.database, TENANT_A.schemaName), B: await tenantIdOf(fixture.database, TENANT_B.schemaName) };
  const add = async (email: string, role: Role, tenantId: string | null, isActive = true, isTemporary = false) => {
    const user = await createUser(fixture.database, { email, role, tenantId, isActive, isTemporary });
    people.set(email, { id: user.id, email, role, tenantId, isActive, isTemporary });
  };
  // The viewers (platform staff, and tenant A's owner) and a spread of targets.
  for (const role of PLATFORM) await add(`${role.toLowerCase()}@buttons.test`, role, null);
  await add('superuser2@buttons.test', 'SUPERUSER', null);
  await add('sales-temp@buttons.test', 'PLATFORM_SALES', null, true, true);
  for (const [key, tenantId] of Object.entries(tenants)) {
    for (const role of TENANT) {
      await add(`${role.toLowerCase()}.${key}@buttons.test`.toLowerCase(), role, tenantId);
      await add(`${role.toLowerCase()}.temp.${key}@buttons.test`.toLowerCase(), role, tenantId, true, true);
    }
    await add(`staff.inactive.${key}@buttons.test`.toLowerCase(), 'TENANT_STAFF', tenantId, false);
  }
  port = await listen(app);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await fixture?.close();
});

const VIEWERS: Array<{ email: string; host: 'platform' | 'alpha' }> = [
  ...PLATFORM.map((role) => ({ email: `${role.toLowerCase()}@buttons.test`, host: 'platform' as const })),
  { email: 'tenant_owner.a@buttons.test', host: 'alpha' },
];

describe.each(VIEWERS)('the users page of $email', ({ email, host }) => {
  it('shows Masquerade on exactly the rows SPEC §5 allows', async () => {
    const origin = host === 'platform' ? `http://localhost:${port}` : `http://${TENANT_A.domain}:${port}`;
    const { context, page } = await signIn(browser, origin, email);
    expect(new URL(page.url()).pathname).not.toBe('/admin/login');
    await page.goto(`${origin}/admin/users`);
    const rows = await page.$$eval('tr[data-user]', (trs) =>
      trs.map((tr) => ({ email: tr.getAttribute('data-user')!, button: tr.querySelector('button[data-masquerade]') !== null })),
    );
    expect(rows.length).toBeGreaterThan(0);
    const viewer = people.get(email)!;
    const wrong = rows.filter((row) => row.button !== specAllows(viewer, people.get(row.email)!));
    expect(wrong).toEqual([]);
    // Every user the spec allows and the viewer can read has its button (none hidden by accident).
    const shown = rows.filter((row) => row.button).length;
    const expectedShown = rows.filter((row) => specAllows(viewer, people.get(row.email)!)).length;
    expect(shown).toBe(expectedShown);
    if (viewer.role !== 'PLATFORM_MANAGER') expect(shown).toBeGreaterThan(0);
    await screenshot(page, `users-as-${viewer.role.toLowerCase()}`);
    await context.close();
  });
});

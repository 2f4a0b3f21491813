/**
 * The role × route table for every marketplace route (SPEC §3, §8), in demo tenant A (so platform sales reach it)
 * and in ordinary tenant B: each of the 8 roles and an anonymous caller, and the status expected. Installing,
 * configuring and rating are the tenant's owner and managers' alone; the installed list is for whoever reads the
 * schedule; the catalog for anyone signed in. Each case starts from a known state (installed or not).
 */
import type { Role } from '@smoothschedule/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asTenant, call, createMarketplaceWorld, marketplaceRows, resetMarketplace, tokenOf, type MarketplaceWorld,
} from './marketplace-test-support.ts';

let world: MarketplaceWorld;
beforeAll(async () => {
  world = await createMarketplaceWorld();
});
afterAll(async () => {
  await world?.close();
});

type Who = Role | 'ANONYMOUS';
const WHO: readonly Who[] = [
  'SUPERUSER', 'PLATFORM_MANAGER', 'PLATFORM_SALES', 'PLATFORM_SUPPORT', 'TENANT_OWNER', 'TENANT_MANAGER', 'TENANT_STAFF', 'CUSTOMER', 'ANONYMOUS',
];
/** Expected statuses in WHO order; 2 stands for the route's success status. */
type Row = [number, number, number, number, number, number, number, number, number];

interface Case {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  payload?: unknown;
  /** Whether buffer-time is installed in the tenant before the call. */
  installedBefore: boolean;
  /** In demo tenant A, and in ordinary tenant B (where platform sales do not reach). */
  expectA: Row;
  expectB: Row;
  success: number;
}

const READ: Row = [2, 2, 2, 2, 2, 2, 2, 2, 401];
const MANAGE: Row = [403, 403, 403, 403, 2, 2, 403, 403, 401];
const INSTALLED_LIST: Row = [2, 2, 2, 2, 2, 2, 2, 403, 401];
/** Platform sales reach demo tenants only: on ordinary tenant B's host their token is not valid (401). */
const outsideDemo = (row: Row): Row => row.map((status, index) => (index === 2 ? 401 : status)) as Row;

const CASES: Case[] = [
  { method: 'GET', url: '/api/marketplace/plugins', installedBefore: false, expectA: READ, expectB: outsideDemo(READ), success: 200 },
  { method: 'GET', url: '/api/marketplace/plugins/buffer-time', installedBefore: false, expectA: READ, expectB: outsideDemo(READ), success: 200 },
  { method: 'POST', url: '/api/marketplace/plugins/buffer-time/install', payload: { config: {} }, installedBefore: false, expectA: MANAGE, expectB: outsideDemo(MANAGE), success: 201 },
  { method: 'PATCH', url: '/api/marketplace/plugins/buffer-time/install', payload: { config: { minutes: 7 } }, installedBefore: true, expectA: MANAGE, expectB: outsideDemo(MANAGE), success: 200 },
  { method: 'DELETE', url: '/api/marketplace/plugins/buffer-time/install', installedBefore: true, expectA: MANAGE, expectB: outsideDemo(MANAGE), success: 204 },
  { method: 'GET', url: '/api/plugins/installed', installedBefore: true, expectA: INSTALLED_LIST, expectB: outsideDemo(INSTALLED_LIST), success: 200 },
  { method: 'POST', url: '/api/marketplace/plugins/buffer-time/ratings', payload: { stars: 4 }, installedBefore: true, expectA: MANAGE, expectB: outsideDemo(MANAGE), success: 201 },
];

describe.each(['a', 'b'] as const)('tenant %s', (tenant) => {
  it.each(CASES.flatMap((testCase) => WHO.map((who, index) => [
    `${testCase.method} ${testCase.url}`, who, tenant === 'a' ? testCase.expectA[index]! : testCase.expectB[index]!, testCase,
  ] as const)))('%s as %s → %s', async (_route, who, expected, testCase) => {
    await resetMarketplace(world.database);
    if (testCase.installedBefore) {
      expect((await asTenant(world, tenant, 'POST', '/api/marketplace/plugins/buffer-time/install', { config: {} })).statusCode).toBe(201);
    }
    const before = await marketplaceRows(world.database);
    const token = who === 'ANONYMOUS' ? null : tokenOf(world, tenant, who);
    const response = await call(world.app, testCase.method, testCase.url, { host: world.tenants[tenant].domain, token, payload: testCase.payload });
    expect(response.statusCode, response.body).toBe(expected === 2 ? testCase.success : expected);
    if (expected !== 2 && testCase.method !== 'GET') expect(await marketplaceRows(world.database)).toEqual(before);
  });
});

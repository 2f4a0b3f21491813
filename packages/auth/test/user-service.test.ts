/** User management against a real PostgreSQL: invariants, uniqueness, scope, rank, and no write on bad input. */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { createDatabase, createTenantProvisioner, loadMigrationSet, type Database, type Role } from '@smoothschedule/db';
import { createMigratedTestDatabase, type TestDatabase } from '@smoothschedule/db/testing';
import { can } from '../src/permission-model.ts';
import type { Principal } from '../src/principal.ts';
import type { PublicUser } from '../src/public-user.ts';
import { createUserRepository } from '../src/user-repository.ts';
import { createUserService, type UserService } from '../src/user-service.ts';

let testDb: TestDatabase;
let database: Database;
let service: UserService;
const tenants = { a: '', b: '', demo: '' };
const PASSWORD = 'correct horse battery';

/** A principal as authentication would build it from this user. */
function as(user: PublicUser): Principal {
  return { userId: user.id, email: user.email, role: user.role, tenantId: user.tenantId, isTemporary: user.isTemporary, sessionId: 'test' };
}

const root: Principal = { userId: '00000000-0000-4000-8000-0000000000ff', email: 'root@example.com', role: 'SUPERUSER', tenantId: null, isTemporary: false, sessionId: 'test' };

function make(role: Role, email: string, tenantId: string | null = null, isTemporary = false) {
  return service.create(root, { email, password: PASSWORD, firstName: 'First', lastName: 'Last', role, tenantId, isTemporary });
}

async function countUsers(): Promise<number> {
  return database.shared.user.count();
}

async function expectRejection(work: Promise<unknown>, code: string, statusCode: number, message?: string) {
  const error = await work.then(() => null, (caught: unknown) => caught as { code?: string; statusCode?: number; message?: string });
  expect(error).not.toBeNull();
  expect(error).toMatchObject({ code, statusCode, ...(message ? { message } : {}) });
}

const people: Record<string, PublicUser> = {};

beforeAll(async () => {
  testDb = await createMigratedTestDatabase();
  database = createDatabase({ connectionString: testDb.url, poolSize: 8 });
  const provisioner = createTenantProvisioner({ pool: database.pool, tenantMigrations: loadMigrationSet('tenant') });
  tenants.a = (await provisioner.provision({ name: 'A', schemaName: 'users_a', domain: 'a.test' })).id;
  tenants.b = (await provisioner.provision({ name: 'B', schemaName: 'users_b', domain: 'b.test' })).id;
  tenants.demo = (await provisioner.provision({ name: 'Demo', schemaName: 'users_demo', domain: 'demo.test', isDemo: true })).id;
  service = createUserService(createUserRepository(database.shared));
  const cast: Array<[string, Role, string | null, boolean?]> = [
    ['superuser', 'SUPERUSER', null],
    ['platformManager', 'PLATFORM_MANAGER', null],
    ['sales', 'PLATFORM_SALES', null],
    ['support', 'PLATFORM_SUPPORT', null],
    ['ownerA', 'TENANT_OWNER', tenants.a],
    ['managerA', 'TENANT_MANAGER', tenants.a],
    ['staffA', 'TENANT_STAFF', tenants.a],
    ['customerA', 'CUSTOMER', tenants.a],
    ['ownerB', 'TENANT_OWNER', tenants.b],
    ['temporaryB', 'TENANT_STAFF', tenants.b, true],
    ['ownerDemo', 'TENANT_OWNER', tenants.demo],
  ];
  for (const [name, role, tenantId, temporary] of cast) people[name] = await make(role, `${name.toLowerCase()}@example.com`, tenantId, temporary ?? false);
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

describe('create', () => {
  it('trims and lowercases the email, hashes the password with argon2id and never returns the hash', async () => {
    const user = await service.create(as(people.ownerA!), {
      email: '  New.Person@Example.COM ', password: PASSWORD, firstName: ' Ada ', lastName: 'Lovelace', role: 'TENANT_STAFF', tenantId: tenants.a,
    });
    expect(user).toMatchObject({ email: 'new.person@example.com', firstName: 'Ada', role: 'TENANT_STAFF', tenantId: tenants.a, isTemporary: false, isActive: true, lastLogin: null });
    expect(Object.keys(user)).not.toContain('passwordHash');
    expect(JSON.stringify(user)).not.toContain('argon2');
    const row = await database.shared.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(PASSWORD);
  });

  it('refuses a tenant role without a tenant with the exact message, and writes nothing', async () => {
    const before = await countUsers();
    await expectRejection(make('TENANT_STAFF', 'lonely@example.com'), 'ROLE_TENANT_MISMATCH', 400, 'Users with role TENANT_STAFF must be assigned to a tenant');
    await expectRejection(make('CUSTOMER', 'lonely@example.com'), 'ROLE_TENANT_MISMATCH', 400, 'Users with role CUSTOMER must be assigned to a tenant');
    expect(await countUsers()).toBe(before);
  });

  it('refuses a platform role with a tenant, and writes nothing', async () => {
    const before = await countUsers();
    await expectRejection(make('PLATFORM_SUPPORT', 'misplaced@example.com', tenants.a), 'ROLE_TENANT_MISMATCH', 400, 'Users with role PLATFORM_SUPPORT cannot be assigned to a tenant');
    expect(await countUsers()).toBe(before);
  });

  it.each([
    ['TENANT_STAFF', null],
    ['PLATFORM_MANAGER', 'tenant'],
  ] as const)('the database itself refuses %s with tenant %s (check constraint)', async (role, tenant) => {
    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    try {
      const insert = client.query(
        `INSERT INTO users (id, email, password_hash, first_name, last_name, role, tenant_id)
         VALUES (gen_random_uuid(), 'direct@example.com', 'x', 'D', 'D', $1, $2)`,
        [role, tenant ? tenants.a : null],
      );
      await expect(insert).rejects.toMatchObject({ code: '23514', constraint: 'users_role_tenant_check' });
    } finally {
      await client.end();
    }
  });

  it('answers 409 EMAIL_TAKEN for a duplicate in the same tenant, whatever its case', async () => {
    await make('CUSTOMER', 'dup@example.com', tenants.a);
    const before = await countUsers();
    await expectRejection(make('CUSTOMER', ' DUP@example.com', tenants.a), 'EMAIL_TAKEN', 409);
    await expectRejection(make('TENANT_STAFF', 'dup@example.com', tenants.a), 'EMAIL_TAKEN', 409);
    expect(await countUsers()).toBe(before);
  });

  it('answers 409 for a duplicate among platform users', async () => {
    await expectRejection(make('PLATFORM_SUPPORT', 'support@example.com'), 'EMAIL_TAKEN', 409);
  });

  it('lets one email exist in two tenants and on the platform', async () => {
    const inA = await make('CUSTOMER', 'everywhere@example.com', tenants.a);
    const inB = await make('CUSTOMER', 'everywhere@example.com', tenants.b);
    const onPlatform = await make('PLATFORM_SUPPORT', 'everywhere@example.com');
    expect(new Set([inA.id, inB.id, onPlatform.id]).size).toBe(3);
    expect(await database.shared.user.count({ where: { email: 'everywhere@example.com' } })).toBe(3);
  });

  it('lets exactly one of many concurrent creates of one email win; the rest get 409', async () => {
    const attempts = await Promise.allSettled(Array.from({ length: 6 }, () => make('CUSTOMER', 'race@example.com', tenants.b)));
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
    for (const attempt of attempts.filter((attempt) => attempt.status === 'rejected')) {
      expect((attempt as PromiseRejectedResult).reason).toMatchObject({ code: 'EMAIL_TAKEN', statusCode: 409 });
    }
    expect(await database.shared.user.count({ where: { email: 'race@example.com' } })).toBe(1);
  });

  it('checks permissions: rank (403) and scope (404), and writes nothing', async () => {
    const before = await countUsers();
    const owner = as(people.ownerA!);
    await expectRejection(service.create(owner, { email: 'o2@example.com', password: PASSWORD, firstName: 'O', lastName: 'O', role: 'TENANT_OWNER', tenantId: tenants.a }), 'PERMISSION_DENIED', 403);
    await expectRejection(service.create(owner, { email: 'x@example.com', password: PASSWORD, firstName: 'X', lastName: 'X', role: 'CUSTOMER', tenantId: tenants.b }), 'TENANT_NOT_FOUND', 404);
    await expectRejection(service.create(owner, { email: 'x@example.com', password: PASSWORD, firstName: 'X', lastName: 'X', role: 'CUSTOMER', tenantId: '00000000-0000-4000-8000-000000000999' }), 'TENANT_NOT_FOUND', 404);
    await expectRejection(service.create(owner, { email: 'x@example.com', password: PASSWORD, firstName: 'X', lastName: 'X', role: 'PLATFORM_SUPPORT' }), 'PLATFORM_OUT_OF_SCOPE', 404);
    await expectRejection(service.create(as(people.platformManager!), { email: 'su2@example.com', password: PASSWORD, firstName: 'S', lastName: 'U', role: 'SUPERUSER' }), 'PERMISSION_DENIED', 403, 'Only a superuser manages superusers');
    await expectRejection(service.create(as(people.sales!), { email: 't@example.com', password: PASSWORD, firstName: 'T', lastName: 'T', role: 'CUSTOMER', tenantId: tenants.b, isTemporary: true }), 'TENANT_NOT_FOUND', 404);
    expect(await countUsers()).toBe(before);
    const demoUser = await service.create(as(people.sales!), { email: 'prospect@example.com', password: PASSWORD, firstName: 'P', lastName: 'P', role: 'TENANT_OWNER', tenantId: tenants.demo, isTemporary: true });
    expect(demoUser).toMatchObject({ tenantId: tenants.demo, isTemporary: true });
  });

  const valid = { email: 'valid@example.com', password: PASSWORD, firstName: 'V', lastName: 'V', role: 'CUSTOMER', tenantId: '' };
  it.each([
    ['missing email', { email: undefined }, 'email'],
    ['a bad email', { email: 'not-an-email' }, 'email'],
    ['a short password', { password: 'nine char' }, 'password'],
    ['an oversized password', { password: 'p'.repeat(201) }, 'password'],
    ['an empty first name', { firstName: '   ' }, 'firstName'],
    ['an oversized last name', { lastName: 'l'.repeat(101) }, 'lastName'],
    ['an unknown role', { role: 'GOD' }, 'role'],
    ['a tenant id that is no uuid', { tenantId: 'tenant-a' }, 'tenantId'],
    ['a wrong type', { isTemporary: 'yes' }, 'isTemporary'],
    ['an unknown field', { isAdmin: true }, ''],
  ])('rejects %s with a ZodError naming the field, and writes nothing', async (_name, patch, field) => {
    const before = await countUsers();
    const input = { ...valid, tenantId: tenants.a, ...patch } as never;
    const error = await service.create(root, input).then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZodError);
    if (field) expect((error as ZodError).issues.map((issue) => issue.path.join('.'))).toContain(field);
    expect(await countUsers()).toBe(before);
  });

  it('accepts a password of exactly 10 and of exactly 200 characters', async () => {
    await expect(service.create(root, { ...valid, email: 'ten@example.com', password: '0123456789', role: 'CUSTOMER', tenantId: tenants.a })).resolves.toMatchObject({ email: 'ten@example.com' });
    await expect(service.create(root, { ...valid, email: 'twohundred@example.com', password: 'p'.repeat(200), role: 'CUSTOMER', tenantId: tenants.a })).resolves.toMatchObject({ email: 'twohundred@example.com' });
  });
});

describe('list and get', () => {
  const idsOf = (users: PublicUser[]) => users.map((user) => user.id).sort();

  it('lists exactly the users the permission model lets each principal read', async () => {
    const everyone = await database.shared.user.findMany({ include: { tenant: true } });
    for (const name of Object.keys(people)) {
      const principal = as(people[name]!);
      const readable = everyone.filter((user) => can(principal, 'users.read', {
        userId: user.id, role: user.role, tenantId: user.tenantId, tenantIsDemo: user.tenant?.isDemo ?? false, isTemporary: user.isTemporary,
      }).allowed);
      expect(idsOf(await service.list(principal)), name).toEqual(idsOf(readable as never));
    }
  });

  it('scopes listings as SPEC §3 says', async () => {
    const emails = async (who: string, filter = {}) => (await service.list(as(people[who]!), filter)).map((user) => user.email);
    expect(await emails('ownerA')).toEqual(expect.arrayContaining(['ownera@example.com', 'managera@example.com', 'customera@example.com']));
    expect(await emails('ownerA')).not.toContain('ownerb@example.com');
    expect(await emails('staffA')).toEqual(['staffa@example.com']);
    expect(await emails('customerA')).toEqual(['customera@example.com']);
    expect(await emails('support')).not.toContain('superuser@example.com');
    expect(await emails('support')).toContain('ownerb@example.com');
    const sales = await emails('sales');
    expect(sales).toEqual(expect.arrayContaining(['sales@example.com', 'ownerdemo@example.com', 'temporaryb@example.com']));
    expect(sales).not.toContain('ownerb@example.com');
    expect(sales).not.toContain('ownera@example.com');
  });

  it('filters by role and tenant inside the scope, never beyond it', async () => {
    const owners = await service.list(as(people.superuser!), { role: 'TENANT_OWNER' });
    expect(owners.every((user) => user.role === 'TENANT_OWNER')).toBe(true);
    expect(owners.length).toBeGreaterThanOrEqual(3);
    const inB = await service.list(as(people.superuser!), { tenantId: tenants.b });
    expect(inB.length).toBeGreaterThan(0);
    expect(inB.every((user) => user.tenantId === tenants.b)).toBe(true);
    expect(await service.list(as(people.ownerA!), { tenantId: tenants.b })).toEqual([]);
  });

  it('gets a user in scope, 404 outside it, 403 for a colleague a staff member may not read', async () => {
    await expect(service.get(as(people.ownerA!), people.customerA!.id)).resolves.toMatchObject({ email: 'customera@example.com' });
    await expectRejection(service.get(as(people.ownerA!), people.ownerB!.id), 'USER_NOT_FOUND', 404);
    await expectRejection(service.get(as(people.ownerA!), '00000000-0000-4000-8000-000000000999'), 'USER_NOT_FOUND', 404);
    await expectRejection(service.get(as(people.staffA!), people.ownerA!.id), 'PERMISSION_DENIED', 403);
    await expect(service.get(as(people.customerA!), people.customerA!.id)).resolves.toMatchObject({ id: people.customerA!.id });
  });
});

describe('update and delete', () => {
  it('updates names, email (lowercased) and flags of a lower-ranked user', async () => {
    const target = await make('TENANT_STAFF', 'rename@example.com', tenants.a);
    const updated = await service.update(as(people.managerA!), target.id, { firstName: 'Renamed', email: 'Renamed@Example.com', isActive: false });
    expect(updated).toMatchObject({ firstName: 'Renamed', email: 'renamed@example.com', isActive: false });
  });

  it('re-checks rank on the result: nobody lifts a user to their own rank', async () => {
    const target = await make('TENANT_STAFF', 'climber@example.com', tenants.a);
    await expectRejection(service.update(as(people.managerA!), target.id, { role: 'TENANT_MANAGER' }), 'PERMISSION_DENIED', 403);
    await expectRejection(service.update(as(people.platformManager!), people.sales!.id, { role: 'SUPERUSER' }), 'PERMISSION_DENIED', 403);
    expect((await database.shared.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe('TENANT_STAFF');
  });

  it('re-checks the role/tenant invariant on the result', async () => {
    const target = await make('CUSTOMER', 'promote@example.com', tenants.a);
    await expectRejection(service.update(root, target.id, { role: 'PLATFORM_SUPPORT' }), 'ROLE_TENANT_MISMATCH', 400, 'Users with role PLATFORM_SUPPORT cannot be assigned to a tenant');
  });

  it('keeps sales inside demo accounts: a temporary user cannot be made permanent outside a demo tenant', async () => {
    await expectRejection(service.update(as(people.sales!), people.temporaryB!.id, { isTemporary: false }), 'PERMISSION_DENIED', 403, 'The change would take the user outside your scope');
    await expect(service.update(as(people.sales!), people.temporaryB!.id, { firstName: 'Trial' })).resolves.toMatchObject({ firstName: 'Trial' });
    await expectRejection(service.update(as(people.sales!), people.ownerB!.id, { firstName: 'No' }), 'USER_NOT_FOUND', 404);
  });

  it('answers 409 when the new email is taken in the same tenant', async () => {
    const target = await make('CUSTOMER', 'mover@example.com', tenants.a);
    await expectRejection(service.update(root, target.id, { email: 'customera@example.com' }), 'EMAIL_TAKEN', 409);
  });

  it('rejects bad update input with a ZodError and changes nothing', async () => {
    const target = await make('CUSTOMER', 'steady@example.com', tenants.a);
    for (const input of [{ tenantId: tenants.b }, { firstName: '' }, { email: 'nope' }, { isActive: 'no' }, { passwordHash: 'x' }]) {
      await expect(service.update(root, target.id, input as never)).rejects.toBeInstanceOf(ZodError);
    }
    expect(await database.shared.user.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ tenantId: tenants.a, firstName: 'First', email: 'steady@example.com', isActive: true });
  });

  it('deletes a lower-ranked user; refuses a higher one (403) and another tenant (404)', async () => {
    const target = await make('TENANT_STAFF', 'leaving@example.com', tenants.a);
    await service.delete(as(people.managerA!), target.id);
    expect(await database.shared.user.findUnique({ where: { id: target.id } })).toBeNull();
    await expectRejection(service.delete(as(people.managerA!), people.ownerA!.id), 'PERMISSION_DENIED', 403);
    await expectRejection(service.delete(as(people.ownerA!), people.ownerB!.id), 'USER_NOT_FOUND', 404);
    await expectRejection(service.delete(as(people.support!), people.customerA!.id), 'PERMISSION_DENIED', 403);
    expect(await database.shared.user.count({ where: { id: { in: [people.ownerA!.id, people.ownerB!.id, people.customerA!.id] } } })).toBe(3);
  });
});

/**
 * The users table for user management. Only this file touches Prisma for it; the client comes in as an argument.
 * Email uniqueness is the database's job (two partial unique indexes), so concurrent creates cannot both win:
 * the loser's unique violation becomes EMAIL_TAKEN here.
 */
import type { Role, SharedClient, SharedPrisma } from '@smoothschedule/db';
import { PUBLIC_USER_FIELDS } from './public-user.ts';
import { UserEmailTakenError } from './user-errors.ts';
import { GRANT_MANAGED_ROLES, type UserReadScope } from './user-permissions.ts';

const USER_FIELDS = { ...PUBLIC_USER_FIELDS, tenant: { select: { isDemo: true } } } as const;

export interface NewUser {
  email: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
  role: Role;
  tenantId: string | null;
  isTemporary: boolean;
}

export interface UserChanges {
  email?: string;
  firstName?: string;
  lastName?: string;
  role?: Role;
  isActive?: boolean;
  isTemporary?: boolean;
}

const UNIQUE_EMAIL_INDEXES = ['users_platform_email_key', 'users_tenant_email_key'];

/** Whether an error is a violation of one of the email indexes (Prisma P2002 names the index it hit). */
export function isEmailUniqueViolation(error: unknown): boolean {
  const known = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { constraint?: { index?: unknown } } } } };
  if (known?.code !== 'P2002') return false;
  const index = known.meta?.driverAdapterError?.cause?.constraint?.index;
  return typeof index === 'string' && UNIQUE_EMAIL_INDEXES.includes(index);
}

type UserWhere = NonNullable<NonNullable<Parameters<SharedClient['user']['findMany']>[0]>['where']>;

/** Null means no restriction (Prisma ignores an empty object inside OR rather than matching everything). */
function scopeWhere(scope: UserReadScope): UserWhere | null {
  switch (scope.kind) {
    case 'everyone':
      return null;
    case 'tenant-users':
      return { tenantId: { not: null } };
    case 'demo-accounts':
      return { OR: [{ tenant: { isDemo: true } }, { isTemporary: true }] };
    case 'tenant':
      return { tenantId: scope.tenantId };
    case 'granted':
      return {
        tenantId: scope.tenantIds === 'all' ? { not: null } : { in: [...scope.tenantIds] },
        role: { in: [...GRANT_MANAGED_ROLES] },
      };
    case 'self':
      return { id: { in: [] } };
  }
}

/** Work that must share the user write's transaction (a limit counted under a lock holds until commit). */
export type WriteGuard = (tx: SharedPrisma.TransactionClient) => Promise<void>;

export type UserRepository = ReturnType<typeof createUserRepository>;

export function createUserRepository(db: SharedClient) {
  async function mapConflict<T>(email: string | undefined, write: Promise<T>): Promise<T> {
    try {
      return await write;
    } catch (error) {
      if (email !== undefined && isEmailUniqueViolation(error)) throw new UserEmailTakenError(email);
      throw error;
    }
  }

  return {
    findById(id: string) {
      return db.user.findUnique({ where: { id }, select: USER_FIELDS });
    },

    findTenant(id: string) {
      return db.tenant.findUnique({ where: { id }, select: { id: true, isDemo: true } });
    },

    /** The users in `scope` or `alsoScope` (a grant's), and always `selfId`, oldest first. */
    list(scope: UserReadScope, selfId: string, filter: { role?: Role; tenantId?: string }, alsoScope: UserReadScope | null = null) {
      const inScope = scopeWhere(scope);
      const alsoWhere = alsoScope === null ? null : scopeWhere(alsoScope);
      return db.user.findMany({
        where: inScope ? { AND: [{ OR: [inScope, { id: selfId }, ...(alsoWhere ? [alsoWhere] : [])] }, filter] } : filter,
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: USER_FIELDS,
      });
    },

    create(user: NewUser, guard?: WriteGuard) {
      if (!guard) return mapConflict(user.email, db.user.create({ data: user, select: USER_FIELDS }));
      return mapConflict(user.email, db.$transaction(async (tx) => {
        await guard(tx);
        return tx.user.create({ data: user, select: USER_FIELDS });
      }));
    },

    update(id: string, changes: UserChanges, guard?: WriteGuard) {
      if (!guard) return mapConflict(changes.email, db.user.update({ where: { id }, data: changes, select: USER_FIELDS }));
      return mapConflict(changes.email, db.$transaction(async (tx) => {
        await guard(tx);
        return tx.user.update({ where: { id }, data: changes, select: USER_FIELDS });
      }));
    },

    async delete(id: string): Promise<void> {
      await db.user.delete({ where: { id } });
    },
  };
}

export type UserRecord = NonNullable<Awaited<ReturnType<UserRepository['findById']>>>;

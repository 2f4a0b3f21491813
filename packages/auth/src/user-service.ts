/**
 * User management (SPEC §3): create, list, get, update, delete, each decided by the permission model. Input is
 * parsed here with zod (a ZodError for bad input, before any write); the role/tenant invariant is checked before
 * permissions so that an impossible user gets its 400 with the exact message; an update is checked twice, on the
 * user as it is and as it would be, so nobody can lift a user out of their reach or above their rank.
 */
import { hashPassword } from './password-hashing.ts';
import { can, type Decision, type UserTarget } from './permission-model.ts';
import type { Principal } from './principal.ts';
import { toPublicUser, type PublicUser } from './public-user.ts';
import { roleTenantProblem } from './roles.ts';
import {
  PermissionDeniedError,
  PlatformOutOfScopeError,
  RoleTenantMismatchError,
  UserNotFoundError,
  UserTenantNotFoundError,
} from './user-errors.ts';
import {
  createUserInputSchema,
  listUsersFilterSchema,
  updateUserInputSchema,
  type CreateUserInput,
  type ListUsersFilter,
  type UpdateUserInput,
} from './user-input.ts';
import { grantedListScope, NO_USER_GRANTS, userListScope, type UserGrantScope } from './user-permissions.ts';
import type { Role } from './roles.ts';
import type { UserRecord, UserRepository } from './user-repository.ts';
import type { SharedPrisma } from '@smoothschedule/db';

/**
 * Optional check run inside the transaction that creates a user or changes a user's role, before the write (e.g.
 * a subscription's staff limit, counted under a lock so that concurrent creates cannot both pass). Throws to
 * refuse. `previousRole` is set for role changes.
 */
export type UserWriteGuard = (
  tx: SharedPrisma.TransactionClient,
  user: { role: Role; tenantId: string | null; previousRole?: Role },
) => Promise<void>;

function targetOf(user: UserRecord): UserTarget {
  return {
    userId: user.id,
    role: user.role,
    tenantId: user.tenantId,
    tenantIsDemo: user.tenant?.isDemo ?? false,
    isTemporary: user.isTemporary,
  };
}

function assertRoleTenant(role: UserTarget['role'], tenantId: string | null): void {
  const problem = roleTenantProblem(role, tenantId);
  if (problem) throw new RoleTenantMismatchError(problem);
}

function enforce(decision: Decision, notFound: () => Error): void {
  if (decision.allowed) return;
  throw decision.status === 404 ? notFound() : new PermissionDeniedError(decision.reason);
}

export type UserService = ReturnType<typeof createUserService>;

export function createUserService(users: UserRepository, options: { guardWrite?: UserWriteGuard } = {}) {
  const { guardWrite } = options;
  /** The user if the principal may see it at all; missing and hidden are the same 404. */
  async function load(principal: Principal, id: string, capability: 'users.read' | 'users.update' | 'users.delete', granted: UserGrantScope) {
    const user = await users.findById(id);
    if (!user) throw new UserNotFoundError();
    enforce(can(principal, capability, targetOf(user), granted), () => new UserNotFoundError());
    return user;
  }

  async function insert(data: ReturnType<typeof createUserInputSchema.parse>, tenantId: string | null) {
    const created = await users.create({
      email: data.email,
      passwordHash: await hashPassword(data.password),
      firstName: data.firstName,
      lastName: data.lastName,
      role: data.role,
      tenantId,
      isTemporary: data.isTemporary,
    }, guardWrite && ((tx) => guardWrite(tx, { role: data.role, tenantId })));
    return toPublicUser(created);
  }

  return {
    /** `granted` (every method): where the principal holds an ACTIVE manage_users grant right now. */
    async create(principal: Principal, input: CreateUserInput, granted: UserGrantScope = NO_USER_GRANTS): Promise<PublicUser> {
      const data = createUserInputSchema.parse(input);
      const tenantId = data.tenantId ?? null;
      assertRoleTenant(data.role, tenantId);
      const tenant = tenantId ? await users.findTenant(tenantId) : null;
      if (tenantId && !tenant) throw new UserTenantNotFoundError();
      const target: UserTarget = { role: data.role, tenantId, tenantIsDemo: tenant?.isDemo ?? false, isTemporary: data.isTemporary };
      enforce(can(principal, 'users.create', target, granted), () => (tenantId ? new UserTenantNotFoundError() : new PlatformOutOfScopeError()));
      return insert(data, tenantId);
    },

    /**
     * For whoever runs the platform with database access (the create-superuser CLI, the demo seed): no principal
     * exists yet to ask the model about, and that access is beyond what the model could refuse anyway. Input,
     * invariant and uniqueness are checked as for everyone.
     */
    async createByOperator(input: CreateUserInput): Promise<PublicUser> {
      const data = createUserInputSchema.parse(input);
      const tenantId = data.tenantId ?? null;
      assertRoleTenant(data.role, tenantId);
      return insert(data, tenantId);
    },

    async list(principal: Principal, filter: ListUsersFilter = {}, granted: UserGrantScope = NO_USER_GRANTS): Promise<PublicUser[]> {
      const parsed = listUsersFilterSchema.parse(filter);
      const rows = await users.list(userListScope(principal), principal.userId, parsed, grantedListScope(granted));
      return rows.map(toPublicUser);
    },

    async get(principal: Principal, id: string, granted: UserGrantScope = NO_USER_GRANTS): Promise<PublicUser> {
      return toPublicUser(await load(principal, id, 'users.read', granted));
    },

    async update(principal: Principal, id: string, input: UpdateUserInput, granted: UserGrantScope = NO_USER_GRANTS): Promise<PublicUser> {
      const changes = updateUserInputSchema.parse(input);
      const before = await load(principal, id, 'users.update', granted);
      const after: UserTarget = {
        ...targetOf(before),
        role: changes.role ?? before.role,
        isTemporary: changes.isTemporary ?? before.isTemporary,
      };
      assertRoleTenant(after.role, after.tenantId);
      // The user exists and was in reach; if the change would take it out of reach, that is a refusal, not a 404.
      enforce(can(principal, 'users.update', after, granted), () => new PermissionDeniedError('The change would take the user outside your scope'));
      const roleChanges = guardWrite !== undefined && changes.role !== undefined && changes.role !== before.role;
      const guard = roleChanges
        ? (tx: SharedPrisma.TransactionClient) => guardWrite(tx, { role: after.role, tenantId: after.tenantId, previousRole: before.role })
        : undefined;
      return toPublicUser(await users.update(id, changes, guard));
    },

    async delete(principal: Principal, id: string, granted: UserGrantScope = NO_USER_GRANTS): Promise<void> {
      await load(principal, id, 'users.delete', granted);
      await users.delete(id);
    },
  };
}

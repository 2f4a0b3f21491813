/**
 * The user rows authentication reads and writes: the account behind a login, its last login, its password, and
 * the customer a self-registration creates. User management proper lives in the users service.
 */
import type { Role, SharedClient } from '@smoothschedule/db';
import { PUBLIC_USER_FIELDS } from './public-user.ts';

export const ACCOUNT_FIELDS = PUBLIC_USER_FIELDS;

export interface NewCustomer {
  email: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
  tenantId: string;
}

export type AccountRepository = ReturnType<typeof createAccountRepository>;

export function createAccountRepository(db: SharedClient) {
  return {
    /** The account of `email` in one scope: a tenant's users, or the platform's (tenantId null). */
    findForLogin(email: string, tenantId: string | null) {
      return db.user.findFirst({
        where: { email, tenantId },
        select: { ...ACCOUNT_FIELDS, passwordHash: true },
      });
    },

    findById(id: string) {
      return db.user.findUnique({ where: { id }, select: { ...ACCOUNT_FIELDS, passwordHash: true } });
    },

    recordLogin(id: string, at: Date) {
      return db.user.update({ where: { id }, data: { lastLogin: at }, select: ACCOUNT_FIELDS });
    },

    async setPasswordHash(id: string, passwordHash: string): Promise<void> {
      await db.user.update({ where: { id }, data: { passwordHash } });
    },

    createCustomer(customer: NewCustomer) {
      const role: Role = 'CUSTOMER';
      return db.user.create({ data: { ...customer, role }, select: ACCOUNT_FIELDS });
    },
  };
}

export type Account = Awaited<ReturnType<AccountRepository['recordLogin']>>;

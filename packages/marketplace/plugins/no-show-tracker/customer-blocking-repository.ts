/** The customer writes of the no-show tracker, each a single conditional statement so concurrent runs agree. */
import type { TenantClient } from '@smoothschedule/db';

export const NO_SHOW_TAG = 'no-show';

type TenantTransaction = Parameters<Parameters<TenantClient['$transaction']>[0]>[0];

export function createCustomerBlockingRepository(db: TenantClient | TenantTransaction) {
  return {
    countNoShows(customerId: string): Promise<number> {
      return db.appointment.count({ where: { customerId, status: 'NO_SHOW' } });
    },

    /** BLOCKED unless already; the tag added only where missing (the WHERE is re-checked under the row lock). */
    async block(customerId: string): Promise<{ blocked: boolean; tagged: boolean }> {
      const blocked = await db.customer.updateMany({ where: { id: customerId, status: { not: 'BLOCKED' } }, data: { status: 'BLOCKED' } });
      const tagged = await db.customer.updateMany({
        where: { id: customerId, NOT: { tags: { has: NO_SHOW_TAG } } },
        data: { tags: { push: NO_SHOW_TAG } },
      });
      return { blocked: blocked.count === 1, tagged: tagged.count === 1 };
    },
  };
}

/**
 * No-show tracker: after each no-show, counts the customer's NO_SHOW appointments (the whole history) and, at
 * the configured limit, blocks the customer and tags them `no-show`, both in one transaction. Scheduling refuses
 * bookings for a customer who is not ACTIVE. It never unblocks: lifting a block is a person's decision.
 */
import type { ConfigOf, PluginHandlers } from '../../src/plugin-definition.ts';
import { createCustomerBlockingRepository } from './customer-blocking-repository.ts';
import type { noShowTrackerManifest } from './manifest.ts';

export const noShowTrackerHandlers: PluginHandlers<ConfigOf<typeof noShowTrackerManifest>> = {
  async onAppointmentEvent(event, context) {
    if (event.type !== 'no_show') return;
    const customerId = event.appointment.customerId;
    const result = await context.db.$transaction(async (tx) => {
      const customers = createCustomerBlockingRepository(tx);
      const noShows = await customers.countNoShows(customerId);
      if (noShows < context.config.maxNoShows) return { noShows, blocked: false, tagged: false };
      return { noShows, ...(await customers.block(customerId)) };
    });
    if (result.blocked || result.tagged) context.log.info({ customerId, ...result }, 'customer blocked after repeated no-shows');
  },
};

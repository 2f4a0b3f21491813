/**
 * Appointment lifecycle events for whatever runs later (the plugin runtime: reminders, webhooks, no-show
 * tracking). Published only after the change committed, so a listener never sees a booking that was rolled
 * back; delivered on a later tick, so a slow or failing listener never delays or fails the request. In-process
 * and at-most-once: a durable outbox is the subscriber's business.
 */
import type { AppointmentDto } from './appointments/appointment-dto.ts';

export const APPOINTMENT_EVENT_TYPES = ['created', 'rescheduled', 'confirmed', 'cancelled', 'completed', 'no_show'] as const;
export type AppointmentEventType = (typeof APPOINTMENT_EVENT_TYPES)[number];

export interface AppointmentEvent {
  type: AppointmentEventType;
  tenantId: string;
  /** For listeners that read or write tenant data: database.tenants.withTenant({ schemaName }, …). */
  schemaName: string;
  appointment: AppointmentDto;
  /** The user who caused it (null for system changes). */
  actorUserId: string | null;
  occurredAt: string;
}

export type AppointmentEventListener = (event: AppointmentEvent) => void | Promise<void>;

export interface AppointmentEventBus {
  /** Subscribes; returns the function that unsubscribes. */
  onAppointmentEvent(listener: AppointmentEventListener): () => void;
  publish(event: AppointmentEvent): void;
  /** Resolves when every delivery started so far has finished (for tests and graceful shutdown). */
  idle(): Promise<void>;
}

export function createAppointmentEventBus(onListenerError: (error: unknown, event: AppointmentEvent) => void): AppointmentEventBus {
  const listeners = new Set<AppointmentEventListener>();
  const pending = new Set<Promise<void>>();
  return {
    onAppointmentEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish(event) {
      for (const listener of [...listeners]) {
        const delivery = new Promise<void>((resolve) => setImmediate(resolve))
          .then(() => listener(event))
          .catch((error: unknown) => onListenerError(error, event))
          .finally(() => pending.delete(delivery));
        pending.add(delivery);
      }
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}

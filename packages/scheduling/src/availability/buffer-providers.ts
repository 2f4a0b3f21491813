/**
 * Extra buffer after appointments, beyond the service's own bufferMinutes: the extension point for a plugin
 * such as "buffer time between appointments". Providers are asked once per availability request or booking
 * (never per slot or per resource) and their minutes are added up; the sum both shapes availability and is
 * stored on each new appointment, where the no-overlap constraint enforces it.
 */
import type { TenantClient } from '@smoothschedule/db';
import type { TenantContext } from '@smoothschedule/tenancy';

export interface BufferQuery {
  tenant: TenantContext;
  /** request.db: bound to the tenant's schema, for providers that keep their settings there. */
  db: TenantClient;
  service: { id: string; durationMinutes: number; bufferMinutes: number };
}

/** Extra minutes (a whole number ≥ 0) to keep free after each appointment of this service. */
export type BufferProvider = (query: BufferQuery) => number | Promise<number>;

/** Longest total buffer accepted from providers, matching the appointments_buffer_check constraint. */
export const MAX_TOTAL_BUFFER_MINUTES = 1440;

export interface BufferProviders {
  add(provider: BufferProvider): () => void;
  /** The service's buffer plus every provider's extra, capped; a provider's bad answer counts as 0. */
  totalFor(query: BufferQuery): Promise<number>;
}

export function createBufferProviders(onBadAnswer: (error: unknown) => void): BufferProviders {
  const providers = new Set<BufferProvider>();
  return {
    add(provider) {
      providers.add(provider);
      return () => providers.delete(provider);
    },
    async totalFor(query) {
      let total = query.service.bufferMinutes;
      for (const provider of providers) {
        try {
          const extra = await provider(query);
          if (Number.isInteger(extra) && extra >= 0) total += extra;
          else onBadAnswer(new Error(`buffer provider answered ${String(extra)}, not a whole number of minutes ≥ 0`));
        } catch (error) {
          // A broken plugin must not take booking down with it.
          onBadAnswer(error);
        }
      }
      return Math.min(total, MAX_TOTAL_BUFFER_MINUTES);
    },
  };
}

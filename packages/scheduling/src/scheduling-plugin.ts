/**
 * The scheduling plugin (SPEC §7): resources, services, customers, business hours, blockers, appointments,
 * availability and the scheduling settings, all on the tenant's schema through request.db, under `prefix`
 * (default /api). Decorates `app.scheduling` with the extension points later plugins use: appointment lifecycle
 * events and extra availability buffer.
 */
import { PermissionDeniedError, recordPermissionDenied } from '@smoothschedule/auth';
import type { Database } from '@smoothschedule/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { createAppointmentEventBus, type AppointmentEventListener } from './appointment-events.ts';
import { appointmentsRoutes } from './appointments/appointments-routes.ts';
import { createAppointmentsService } from './appointments/appointments-service.ts';
import { createBookingRules } from './appointments/booking-rules.ts';
import { availabilityRoutes } from './availability/availability-routes.ts';
import { createAvailabilityService } from './availability/availability-service.ts';
import { createBufferProviders, type BufferProvider } from './availability/buffer-providers.ts';
import { blockersRoutes } from './blockers/blockers-routes.ts';
import { createBlockersService } from './blockers/blockers-service.ts';
import { businessHoursRoutes } from './business-hours/business-hours-routes.ts';
import { createBusinessHoursService } from './business-hours/business-hours-service.ts';
import { customersRoutes } from './customers/customers-routes.ts';
import { createCustomersService } from './customers/customers-service.ts';
import { resourcesRoutes } from './resources/resources-routes.ts';
import { createResourcesService } from './resources/resources-service.ts';
import type { TenantUserDirectory } from './scheduling-context.ts';
import { servicesRoutes } from './services/services-routes.ts';
import { createServicesService } from './services/services-service.ts';
import { settingsRoutes } from './settings/settings-routes.ts';

const optionsSchema = z.object({
  prefix: z.string().regex(/^\/[a-z0-9/_-]*$/, 'prefix must be a path such as /api').default('/api'),
  /** Minutes between offered start times, counted from each shift's opening. */
  slotStepMinutes: z.number().int().min(1).max(240).default(15),
});

export type SchedulingPluginOptions = z.input<typeof optionsSchema> & {
  database: Database;
  /** The time booking rules read (the past, the cancellation window); defaults to authentication's clock. */
  clock?: () => Date;
};

export interface SchedulingControl {
  /** Subscribes to appointment lifecycle events (after commit); returns the unsubscribe function. */
  onAppointmentEvent(listener: AppointmentEventListener): () => void;
  /** Adds extra buffer minutes after appointments (availability and new bookings); returns the remover. */
  addBufferProvider(provider: BufferProvider): () => void;
  /** Resolves when every event delivery started so far has finished. */
  eventsIdle(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    scheduling: SchedulingControl;
  }
}

function userDirectory(database: Database): TenantUserDirectory {
  return {
    async roleOf(tenantId, userId) {
      const user = await database.shared.user.findFirst({ where: { id: userId, tenantId }, select: { role: true } });
      return user?.role ?? null;
    },
  };
}

async function schedulingPlugin(app: FastifyInstance, rawOptions: SchedulingPluginOptions): Promise<void> {
  const { database, clock: givenClock, ...rest } = rawOptions;
  const parsed = optionsSchema.safeParse(rest);
  if (!parsed.success) {
    throw new Error(`@smoothschedule/scheduling: invalid options: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  }
  const options = parsed.data;
  const clock = givenClock ?? (() => app.authentication.clock());
  const events = createAppointmentEventBus((error, event) =>
    app.log.error({ err: error, event: event.type, appointmentId: event.appointment.id }, 'appointment event listener failed'));
  const buffers = createBufferProviders((error) => app.log.error({ err: error }, 'buffer provider failed; its extra counts as 0'));
  const users = userDirectory(database);

  app.decorate('scheduling', {
    onAppointmentEvent: (listener) => events.onAppointmentEvent(listener),
    addBufferProvider: (provider) => buffers.add(provider),
    eventsIdle: () => events.idle(),
  } satisfies SchedulingControl);

  await app.register(async (routes) => {
    // Refusals of a known action go to the security log; 404s do not (missing and hidden look alike there).
    routes.addHook('onError', async (request, _reply, error) => {
      if (error instanceof PermissionDeniedError) recordPermissionDenied(request, error.message);
    });
    await routes.register(resourcesRoutes, { service: createResourcesService(users), clock });
    await routes.register(servicesRoutes, { service: createServicesService(), clock });
    await routes.register(customersRoutes, { service: createCustomersService(users), clock });
    await routes.register(businessHoursRoutes, { service: createBusinessHoursService(), clock });
    await routes.register(blockersRoutes, { service: createBlockersService(), clock });
    await routes.register(appointmentsRoutes, {
      service: createAppointmentsService({ rules: createBookingRules(buffers), events }),
      clock,
    });
    await routes.register(availabilityRoutes, {
      service: createAvailabilityService({ buffers, stepMinutes: options.slotStepMinutes }),
      clock,
    });
    await routes.register(settingsRoutes, { shared: database.shared, clock });
  }, { prefix: options.prefix });

  app.addHook('onClose', async () => events.idle());
}

export const scheduling = fp(schedulingPlugin, {
  name: '@smoothschedule/scheduling',
  fastify: '5.x',
  dependencies: ['@smoothschedule/tenancy', '@smoothschedule/auth'],
});

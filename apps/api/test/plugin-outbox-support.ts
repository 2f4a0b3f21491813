/** Reading a tenant's notification outbox and driving appointments through the API, for the message plugins' tests. */
import { expect } from 'vitest';
import type { PluginWorld } from './plugin-runtime-support.ts';
import { call, tokenFor } from './scheduling-test-support.ts';

export interface OutboxRow {
  pluginSlug: string;
  kind: string;
  dedupeKey: string;
  recipientEmail: string | null;
  recipientUserId: string | null;
  customerId: string | null;
  appointmentId: string | null;
  subject: string;
  body: string;
}

/** Every outbox row of a tenant, oldest first (dedupe key breaks ties). */
export async function outboxOf(world: PluginWorld, tenant: 'a' | 'b'): Promise<OutboxRow[]> {
  return world.database.tenants.withTenant({ schemaName: world[tenant].schemaName }, (db) =>
    db.notificationOutbox.findMany({
      orderBy: [{ createdAt: 'asc' }, { dedupeKey: 'asc' }],
      select: {
        pluginSlug: true, kind: true, dedupeKey: true, recipientEmail: true, recipientUserId: true, customerId: true,
        appointmentId: true, subject: true, body: true,
      },
    }));
}

export async function clearOutbox(world: PluginWorld): Promise<void> {
  for (const tenant of ['a', 'b'] as const) {
    await world.database.tenants.withTenant({ schemaName: world[tenant].schemaName }, (db) => db.notificationOutbox.deleteMany());
  }
}

export interface BookingInput {
  resourceId: string;
  serviceId: string;
  customerId: string;
  startsAt: string;
}

/** Books as the tenant's owner; answers the new appointment's id. */
export async function book(world: PluginWorld, tenant: 'a' | 'b', input: BookingInput): Promise<string> {
  const response = await call(world.app, 'POST', '/api/appointments', { host: world[tenant].domain, token: tokenFor(world, tenant, 'TENANT_OWNER'), payload: input });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

/** Changes an appointment as the tenant's owner (status, startsAt). */
export async function changeAppointment(world: PluginWorld, tenant: 'a' | 'b', id: string, payload: Record<string, unknown>): Promise<void> {
  const response = await call(world.app, 'PATCH', `/api/appointments/${id}`, { host: world[tenant].domain, token: tokenFor(world, tenant, 'TENANT_OWNER'), payload });
  expect(response.statusCode, response.body).toBe(200);
}

/** Creates a customer as the tenant's owner; answers its id. */
export async function createCustomer(world: PluginWorld, tenant: 'a' | 'b', payload: Record<string, unknown>): Promise<string> {
  const response = await call(world.app, 'POST', '/api/customers', { host: world[tenant].domain, token: tokenFor(world, tenant, 'TENANT_OWNER'), payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

/** Opens the tenant all day (00:00–24:00) on the given days of the week (0 = Monday), through the API. */
export async function openAllDay(world: PluginWorld, tenant: 'a' | 'b', days: readonly number[]): Promise<void> {
  const options = { host: world[tenant].domain, token: tokenFor(world, tenant, 'TENANT_OWNER') };
  const list = await call(world.app, 'GET', '/api/business-hours?limit=100', options);
  expect(list.statusCode, list.body).toBe(200);
  for (const row of list.json().businessHours as Array<{ id: string; dayOfWeek: number }>) {
    if (!days.includes(row.dayOfWeek)) continue;
    const response = await call(world.app, 'PATCH', `/api/business-hours/${row.id}`, { ...options, payload: { opensAt: '00:00', closesAt: '24:00' } });
    expect(response.statusCode, response.body).toBe(200);
  }
}

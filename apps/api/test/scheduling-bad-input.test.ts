/**
 * Bad input on every scheduling route: 400 VALIDATION_ERROR naming the field, never a 5xx, and nothing written
 * (the tenant's tables are fingerprinted before and after each request).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createSchedulingWorld, snapshot, tokenFor, type SchedulingWorld } from './scheduling-test-support.ts';

let world: SchedulingWorld;
beforeAll(async () => {
  world = await createSchedulingWorld();
});
afterAll(async () => {
  await world?.close();
});

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
interface BadCase {
  method: 'GET' | 'POST' | 'PATCH';
  url: () => string;
  payload?: () => unknown;
  /** The field path the answer must name. */
  field: string;
}
const a = () => world.a;
const booking = (overrides: Record<string, unknown>) => () => ({
  resourceId: a().resources.other, serviceId: a().services.cut, customerId: a().customers.other, startsAt: '2026-03-20T10:00:00+01:00', ...overrides,
});

const CASES: Record<string, BadCase> = {
  'resource: missing name': { method: 'POST', url: () => '/api/resources', payload: () => ({ type: 'ROOM' }), field: 'body.name' },
  'resource: blank name': { method: 'POST', url: () => '/api/resources', payload: () => ({ name: '   ', type: 'ROOM' }), field: 'body.name' },
  'resource: unknown type': { method: 'POST', url: () => '/api/resources', payload: () => ({ name: 'X', type: 'CAR' }), field: 'body.type' },
  'resource: isActive as a string': { method: 'POST', url: () => '/api/resources', payload: () => ({ name: 'X', type: 'ROOM', isActive: 'yes' }), field: 'body.isActive' },
  'resource: userId of nobody': { method: 'POST', url: () => '/api/resources', payload: () => ({ name: 'X', type: 'STAFF', userId: UNKNOWN }), field: 'body.userId' },
  'resource: userId of a customer': { method: 'POST', url: () => '/api/resources', payload: () => ({ name: 'X', type: 'STAFF', userId: a().users.CUSTOMER }), field: 'body.userId' },
  'resource: unknown field': { method: 'POST', url: () => '/api/resources', payload: () => ({ name: 'X', type: 'ROOM', colour: 'red' }), field: 'body' },
  'resource: empty patch': { method: 'PATCH', url: () => `/api/resources/${a().resources.own}`, payload: () => ({}), field: 'body' },
  'resource: malformed id': { method: 'PATCH', url: () => '/api/resources/not-a-uuid', payload: () => ({ name: 'X' }), field: 'params.id' },
  'resources list: limit 0': { method: 'GET', url: () => '/api/resources?limit=0', field: 'querystring.limit' },
  'resources list: forged cursor': { method: 'GET', url: () => '/api/resources?cursor=bm9wZQ', field: 'querystring.cursor' },
  'resources list: isActive maybe': { method: 'GET', url: () => '/api/resources?isActive=maybe', field: 'querystring.isActive' },

  'service: zero minutes': { method: 'POST', url: () => '/api/services', payload: () => ({ name: 'X', durationMinutes: 0 }), field: 'body.durationMinutes' },
  'service: absurd duration': { method: 'POST', url: () => '/api/services', payload: () => ({ name: 'X', durationMinutes: 100_000 }), field: 'body.durationMinutes' },
  'service: fractional minutes': { method: 'POST', url: () => '/api/services', payload: () => ({ name: 'X', durationMinutes: 30.5 }), field: 'body.durationMinutes' },
  'service: duration as a string': { method: 'POST', url: () => '/api/services', payload: () => ({ name: 'X', durationMinutes: '30' }), field: 'body.durationMinutes' },
  'service: negative price': { method: 'POST', url: () => '/api/services', payload: () => ({ name: 'X', durationMinutes: 30, priceCents: -1 }), field: 'body.priceCents' },
  'service: negative buffer': { method: 'POST', url: () => '/api/services', payload: () => ({ name: 'X', durationMinutes: 30, bufferMinutes: -5 }), field: 'body.bufferMinutes' },
  'service: unknown resource': { method: 'POST', url: () => '/api/services', payload: () => ({ name: 'X', durationMinutes: 30, resourceIds: [UNKNOWN] }), field: 'body.resourceIds' },
  'service: repeated resource': { method: 'POST', url: () => '/api/services', payload: () => ({ name: 'X', durationMinutes: 30, resourceIds: [a().resources.own, a().resources.own] }), field: 'body.resourceIds' },
  'service: patch to an unknown resource': { method: 'PATCH', url: () => `/api/services/${a().services.cut}`, payload: () => ({ resourceIds: [UNKNOWN] }), field: 'body.resourceIds' },

  'customer: bad email': { method: 'POST', url: () => '/api/customers', payload: () => ({ name: 'X', email: 'not-an-email' }), field: 'body.email' },
  'customer: bad phone': { method: 'POST', url: () => '/api/customers', payload: () => ({ name: 'X', phone: 'call me' }), field: 'body.phone' },
  'customer: unknown status': { method: 'POST', url: () => '/api/customers', payload: () => ({ name: 'X', status: 'VIP' }), field: 'body.status' },
  'customer: tags not a list': { method: 'POST', url: () => '/api/customers', payload: () => ({ name: 'X', tags: 'a,b' }), field: 'body.tags' },
  'customer: userId of staff': { method: 'POST', url: () => '/api/customers', payload: () => ({ name: 'X', userId: a().users.TENANT_STAFF }), field: 'body.userId' },
  'customer: name too long': { method: 'PATCH', url: () => `/api/customers/${a().customers.other}`, payload: () => ({ name: 'x'.repeat(201) }), field: 'body.name' },

  'hours: day 7': { method: 'POST', url: () => '/api/business-hours', payload: () => ({ dayOfWeek: 7, opensAt: '09:00', closesAt: '10:00' }), field: 'body.dayOfWeek' },
  'hours: 25:00': { method: 'POST', url: () => '/api/business-hours', payload: () => ({ dayOfWeek: 1, opensAt: '25:00', closesAt: '26:00' }), field: 'body.opensAt' },
  'hours: 9 o\'clock': { method: 'POST', url: () => '/api/business-hours', payload: () => ({ dayOfWeek: 1, opensAt: '9:00', closesAt: '10:00' }), field: 'body.opensAt' },
  'hours: closes before it opens': { method: 'POST', url: () => '/api/business-hours', payload: () => ({ dayOfWeek: 1, opensAt: '10:00', closesAt: '09:00' }), field: 'body.closesAt' },
  'hours: overlaps a shift': { method: 'POST', url: () => '/api/business-hours', payload: () => ({ dayOfWeek: 1, opensAt: '19:00', closesAt: '21:00' }), field: 'body.opensAt' },
  'hours: patch closing before opening': { method: 'PATCH', url: () => `/api/business-hours/${a().hours}`, payload: () => ({ closesAt: '07:00' }), field: 'body.closesAt' },
  'hours list: day -1': { method: 'GET', url: () => '/api/business-hours?dayOfWeek=-1', field: 'querystring.dayOfWeek' },

  'blocker: ends before it starts': { method: 'POST', url: () => '/api/blockers', payload: () => ({ resourceId: a().resources.own, startsAt: '2026-03-20T10:00:00Z', endsAt: '2026-03-20T09:00:00Z', title: 'X' }), field: 'body.endsAt' },
  'blocker: absurd length': { method: 'POST', url: () => '/api/blockers', payload: () => ({ resourceId: a().resources.own, startsAt: '2026-03-20T10:00:00Z', endsAt: '2036-03-20T09:00:00Z', title: 'X' }), field: 'body.endsAt' },
  'blocker: time without offset': { method: 'POST', url: () => '/api/blockers', payload: () => ({ resourceId: a().resources.own, startsAt: '2026-03-20T10:00:00', endsAt: '2026-03-20T11:00:00Z', title: 'X' }), field: 'body.startsAt' },
  'blocker: unknown resource': { method: 'POST', url: () => '/api/blockers', payload: () => ({ resourceId: UNKNOWN, startsAt: '2026-03-20T10:00:00Z', endsAt: '2026-03-20T11:00:00Z', title: 'X' }), field: 'body.resourceId' },
  'blocker: patch end before start': { method: 'PATCH', url: () => `/api/blockers/${a().blockers.own}`, payload: () => ({ endsAt: '2026-03-10T10:00:00Z' }), field: 'body.endsAt' },
  'blockers list: malformed from': { method: 'GET', url: () => '/api/blockers?from=yesterday', field: 'querystring.from' },

  'appointment: unknown resource': { method: 'POST', url: () => '/api/appointments', payload: booking({ resourceId: UNKNOWN }), field: 'body.resourceId' },
  'appointment: unknown service': { method: 'POST', url: () => '/api/appointments', payload: booking({ serviceId: UNKNOWN }), field: 'body.serviceId' },
  'appointment: unknown customer': { method: 'POST', url: () => '/api/appointments', payload: booking({ customerId: UNKNOWN }), field: 'body.customerId' },
  'appointment: no customer': { method: 'POST', url: () => '/api/appointments', payload: booking({ customerId: undefined }), field: 'body.customerId' },
  'appointment: malformed start': { method: 'POST', url: () => '/api/appointments', payload: booking({ startsAt: '20/03/2026 10:00' }), field: 'body.startsAt' },
  'appointment: impossible date': { method: 'POST', url: () => '/api/appointments', payload: booking({ startsAt: '2026-02-30T10:00:00Z' }), field: 'body.startsAt' },
  'appointment: start as a number': { method: 'POST', url: () => '/api/appointments', payload: booking({ startsAt: 1773997200000 }), field: 'body.startsAt' },
  'appointment: endsAt is not accepted': { method: 'POST', url: () => '/api/appointments', payload: booking({ endsAt: '2026-03-20T12:00:00Z' }), field: 'body' },
  'appointment: unknown status': { method: 'PATCH', url: () => `/api/appointments/${a().appointments.other}`, payload: () => ({ status: 'DONE' }), field: 'body.status' },
  'appointment: status and move at once': { method: 'PATCH', url: () => `/api/appointments/${a().appointments.other}`, payload: () => ({ status: 'CONFIRMED', startsAt: '2026-03-20T10:00:00Z' }), field: 'body.status' },
  'appointment: move to an unknown resource': { method: 'PATCH', url: () => `/api/appointments/${a().appointments.other}`, payload: () => ({ resourceId: UNKNOWN }), field: 'body.resourceId' },
  'appointments list: to before from': { method: 'GET', url: () => '/api/appointments?from=2026-03-10T00:00:00Z&to=2026-03-09T00:00:00Z', field: 'querystring.to' },
  'appointments list: unknown status': { method: 'GET', url: () => '/api/appointments?status=LATE', field: 'querystring.status' },
  'appointments list: limit 101': { method: 'GET', url: () => '/api/appointments?limit=101', field: 'querystring.limit' },

  'availability: malformed date': { method: 'GET', url: () => `/api/availability?serviceId=${a().services.cut}&date=03/09/2026`, field: 'querystring.date' },
  'availability: impossible date': { method: 'GET', url: () => `/api/availability?serviceId=${a().services.cut}&date=2026-02-30`, field: 'querystring.date' },
  'availability: no service': { method: 'GET', url: () => '/api/availability?date=2026-03-09', field: 'querystring.serviceId' },
  'availability: unknown resource': { method: 'GET', url: () => `/api/availability?serviceId=${a().services.cut}&date=2026-03-09&resourceId=${UNKNOWN}`, field: 'querystring.resourceId' },

  'settings: invalid timezone': { method: 'PATCH', url: () => '/api/scheduling-settings', payload: () => ({ timezone: 'Mars/Olympus_Mons' }), field: 'body.timezone' },
  'settings: negative window': { method: 'PATCH', url: () => '/api/scheduling-settings', payload: () => ({ cancellationWindowMinutes: -60 }), field: 'body.cancellationWindowMinutes' },
  'settings: window as text': { method: 'PATCH', url: () => '/api/scheduling-settings', payload: () => ({ cancellationWindowMinutes: '1 day' }), field: 'body.cancellationWindowMinutes' },
};

describe('bad input on every scheduling route', () => {
  it.each(Object.entries(CASES))('%s: 400 naming the field, nothing written', async (_name, entry) => {
    const before = await snapshot(world.database, world.a.schemaName);
    const tenantBefore = await world.database.shared.tenant.findUniqueOrThrow({ where: { id: world.a.id } });
    const response = await call(world.app, entry.method, entry.url(), {
      host: world.a.domain,
      token: tokenFor(world, 'a', 'TENANT_OWNER'),
      payload: entry.payload?.(),
    });
    expect(response.statusCode, response.body).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.details.map((issue: { path: string }) => issue.path)).toContain(entry.field);
    expect(await snapshot(world.database, world.a.schemaName)).toEqual(before);
    expect(await world.database.shared.tenant.findUniqueOrThrow({ where: { id: world.a.id } })).toEqual(tenantBefore);
  });

  it('malformed JSON is a 400, not a 5xx', async () => {
    const response = await world.app.inject({
      method: 'POST', url: '/api/appointments', payload: '{"resourceId":',
      headers: { host: world.a.domain, authorization: `Bearer ${tokenFor(world, 'a', 'TENANT_OWNER')}`, 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
  });

  it('a bad Idempotency-Key is a 400 on the header', async () => {
    const response = await call(world.app, 'POST', '/api/appointments', {
      host: world.a.domain, token: tokenFor(world, 'a', 'TENANT_OWNER'), payload: booking({})(), headers: { 'idempotency-key': 'x'.repeat(201) },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].path).toBe('headers.idempotency-key');
  });
});

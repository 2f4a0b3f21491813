/**
 * The role × route table (SPEC §3) for every scheduling route, in demo tenant A (so platform sales reach it):
 * each of the 8 roles and an anonymous caller, the status expected, and for reads that are filtered, what the
 * caller must (not) see. Each mutating case acts on a fresh object, so the cases do not depend on each other.
 */
import type { Role } from '@smoothschedule/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createSchedulingWorld, tokenFor, type SchedulingWorld } from './scheduling-test-support.ts';

let world: SchedulingWorld;
beforeAll(async () => {
  world = await createSchedulingWorld();
});
afterAll(async () => {
  await world?.close();
});

type Who = Role | 'ANONYMOUS';
const WHO: readonly Who[] = [
  'SUPERUSER', 'PLATFORM_MANAGER', 'PLATFORM_SALES', 'PLATFORM_SUPPORT', 'TENANT_OWNER', 'TENANT_MANAGER', 'TENANT_STAFF', 'CUSTOMER', 'ANONYMOUS',
];

/** Expected statuses in WHO order. */
type Row = [number, number, number, number, number, number, number, number, number];
const MANAGE: Row = [2, 2, 2, 403, 2, 2, 403, 403, 401].map((s) => s) as Row;

interface Case {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Builds the request (creating fresh objects as needed). */
  request: () => Promise<{ url: string; payload?: unknown }>;
  /** 2 stands for the route's success status (200, 201 or 204). */
  expect: Row;
  /** For successful filtered reads: checks on the body per caller. */
  check?: (who: Who, body: any) => void;
}

const a = () => world.a;
const db = () => world.database.tenants.forSchema(world.a.schemaName);
let minute = 0;
/** A fresh, future, non-overlapping time on the staff member's resource (or another). */
function nextStart(): Date {
  minute += 1;
  return new Date(Date.UTC(2026, 5, 1, 7) + minute * 24 * 60 * 60_000);
}
const freshResource = async () => (await db().resource.create({ data: { name: 'Fresh', type: 'ROOM' } })).id;
const freshService = async () => (await db().service.create({ data: { name: 'Fresh', durationMinutes: 30 } })).id;
const freshCustomer = async () => (await db().customer.create({ data: { name: 'Fresh' } })).id;
let shift = 0;
/** A distinct 10-minute Sunday shift before the fixture's 08:00 opening, so that shifts never overlap. */
function nextShift(): { dayOfWeek: number; opensAt: string; closesAt: string } {
  const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  shift += 1;
  return { dayOfWeek: 6, opensAt: clock(shift * 10), closesAt: clock(shift * 10 + 5) };
}
const freshHours = async () => (await db().businessHours.create({ data: nextShift() })).id;
const freshBlocker = async (own: boolean) => {
  const startsAt = nextStart();
  return (await db().blocker.create({
    data: { resourceId: own ? a().resources.own : a().resources.other, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), title: 'Fresh' },
  })).id;
};
const freshAppointment = async (own: 'staff' | 'customer' | 'neither') => {
  const startsAt = nextStart();
  return (await db().appointment.create({
    data: {
      resourceId: own === 'staff' ? a().resources.own : a().resources.other,
      customerId: own === 'customer' ? a().customers.own : a().customers.other,
      serviceId: a().services.cut, startsAt, endsAt: new Date(startsAt.getTime() + 1_800_000),
    },
  })).id;
};

const ids = (rows: Array<{ id: string }>) => rows.map((row) => row.id);

const CASES: Case[] = [
  {
    name: 'GET /api/resources', method: 'GET', request: async () => ({ url: '/api/resources?limit=100' }), expect: [2, 2, 2, 2, 2, 2, 2, 2, 2],
    check: (who, body) => {
      const seesInactive = ids(body.resources).includes(a().resources.inactive);
      expect(seesInactive, who).toBe(who !== 'CUSTOMER' && who !== 'ANONYMOUS');
    },
  },
  { name: 'GET /api/resources/:id (inactive)', method: 'GET', request: async () => ({ url: `/api/resources/${a().resources.inactive}` }), expect: [2, 2, 2, 2, 2, 2, 2, 404, 404] },
  { name: 'GET /api/resources/:id (active)', method: 'GET', request: async () => ({ url: `/api/resources/${a().resources.own}` }), expect: [2, 2, 2, 2, 2, 2, 2, 2, 2] },
  { name: 'POST /api/resources', method: 'POST', request: async () => ({ url: '/api/resources', payload: { name: 'New', type: 'ROOM' } }), expect: MANAGE },
  { name: 'PATCH /api/resources/:id', method: 'PATCH', request: async () => ({ url: `/api/resources/${await freshResource()}`, payload: { name: 'Renamed' } }), expect: MANAGE },
  { name: 'DELETE /api/resources/:id', method: 'DELETE', request: async () => ({ url: `/api/resources/${await freshResource()}` }), expect: MANAGE },

  {
    name: 'GET /api/services', method: 'GET', request: async () => ({ url: '/api/services?limit=100' }), expect: [2, 2, 2, 2, 2, 2, 2, 2, 2],
    check: (who, body) => expect(ids(body.services).includes(a().services.inactive), who).toBe(who !== 'CUSTOMER' && who !== 'ANONYMOUS'),
  },
  { name: 'GET /api/services/:id (inactive)', method: 'GET', request: async () => ({ url: `/api/services/${a().services.inactive}` }), expect: [2, 2, 2, 2, 2, 2, 2, 404, 404] },
  { name: 'POST /api/services', method: 'POST', request: async () => ({ url: '/api/services', payload: { name: 'New', durationMinutes: 30 } }), expect: MANAGE },
  { name: 'PATCH /api/services/:id', method: 'PATCH', request: async () => ({ url: `/api/services/${await freshService()}`, payload: { priceCents: 100 } }), expect: MANAGE },
  { name: 'DELETE /api/services/:id', method: 'DELETE', request: async () => ({ url: `/api/services/${await freshService()}` }), expect: MANAGE },

  {
    name: 'GET /api/customers', method: 'GET', request: async () => ({ url: '/api/customers?limit=100' }), expect: [2, 2, 2, 2, 2, 2, 2, 2, 401],
    check: (who, body) => {
      if (who === 'CUSTOMER') expect(ids(body.customers)).toEqual([a().customers.own]);
      else expect(ids(body.customers)).toEqual(expect.arrayContaining([a().customers.own, a().customers.other]));
    },
  },
  { name: 'GET /api/customers/:id (own)', method: 'GET', request: async () => ({ url: `/api/customers/${a().customers.own}` }), expect: [2, 2, 2, 2, 2, 2, 2, 2, 401] },
  { name: 'GET /api/customers/:id (another)', method: 'GET', request: async () => ({ url: `/api/customers/${a().customers.other}` }), expect: [2, 2, 2, 2, 2, 2, 2, 404, 401] },
  // The customer already has their record: a second one is refused (409); everyone else creates.
  { name: 'POST /api/customers', method: 'POST', request: async () => ({ url: '/api/customers', payload: { name: 'New' } }), expect: [2, 2, 2, 403, 2, 2, 403, 409, 401] },
  { name: 'PATCH /api/customers/:id (own record)', method: 'PATCH', request: async () => ({ url: `/api/customers/${a().customers.own}`, payload: { phone: '+49 30 1234' } }), expect: [2, 2, 2, 403, 2, 2, 403, 2, 401] },
  { name: 'PATCH /api/customers/:id (own record, status)', method: 'PATCH', request: async () => ({ url: `/api/customers/${a().customers.own}`, payload: { status: 'ACTIVE' } }), expect: [2, 2, 2, 403, 2, 2, 403, 403, 401] },
  { name: 'PATCH /api/customers/:id (another)', method: 'PATCH', request: async () => ({ url: `/api/customers/${await freshCustomer()}`, payload: { name: 'Renamed' } }), expect: [2, 2, 2, 403, 2, 2, 403, 404, 401] },
  { name: 'DELETE /api/customers/:id', method: 'DELETE', request: async () => ({ url: `/api/customers/${await freshCustomer()}` }), expect: MANAGE },

  { name: 'GET /api/business-hours', method: 'GET', request: async () => ({ url: '/api/business-hours' }), expect: [2, 2, 2, 2, 2, 2, 2, 2, 2] },
  { name: 'GET /api/business-hours/:id', method: 'GET', request: async () => ({ url: `/api/business-hours/${a().hours}` }), expect: [2, 2, 2, 2, 2, 2, 2, 2, 2] },
  {
    name: 'POST /api/business-hours', method: 'POST',
    request: async () => ({ url: '/api/business-hours', payload: nextShift() }),
    expect: MANAGE,
  },
  { name: 'PATCH /api/business-hours/:id', method: 'PATCH', request: async () => ({ url: `/api/business-hours/${await freshHours()}`, payload: { dayOfWeek: 6 } }), expect: MANAGE },
  { name: 'DELETE /api/business-hours/:id', method: 'DELETE', request: async () => ({ url: `/api/business-hours/${await freshHours()}` }), expect: MANAGE },

  { name: 'GET /api/blockers', method: 'GET', request: async () => ({ url: '/api/blockers' }), expect: [2, 2, 2, 2, 2, 2, 2, 403, 401] },
  { name: 'GET /api/blockers/:id', method: 'GET', request: async () => ({ url: `/api/blockers/${a().blockers.other}` }), expect: [2, 2, 2, 2, 2, 2, 2, 403, 401] },
  {
    name: 'POST /api/blockers (staff member\'s resource)', method: 'POST',
    request: async () => {
      const startsAt = nextStart();
      return { url: '/api/blockers', payload: { resourceId: a().resources.own, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), title: 'Off' } };
    },
    expect: [2, 2, 2, 403, 2, 2, 2, 403, 401],
  },
  {
    name: 'POST /api/blockers (another resource)', method: 'POST',
    request: async () => {
      const startsAt = nextStart();
      return { url: '/api/blockers', payload: { resourceId: a().resources.other, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), title: 'Off' } };
    },
    expect: MANAGE,
  },
  { name: 'PATCH /api/blockers/:id (own)', method: 'PATCH', request: async () => ({ url: `/api/blockers/${await freshBlocker(true)}`, payload: { title: 'Moved' } }), expect: [2, 2, 2, 403, 2, 2, 2, 403, 401] },
  { name: 'PATCH /api/blockers/:id (another)', method: 'PATCH', request: async () => ({ url: `/api/blockers/${await freshBlocker(false)}`, payload: { title: 'Moved' } }), expect: MANAGE },
  { name: 'DELETE /api/blockers/:id (own)', method: 'DELETE', request: async () => ({ url: `/api/blockers/${await freshBlocker(true)}` }), expect: [2, 2, 2, 403, 2, 2, 2, 403, 401] },
  { name: 'DELETE /api/blockers/:id (another)', method: 'DELETE', request: async () => ({ url: `/api/blockers/${await freshBlocker(false)}` }), expect: MANAGE },

  {
    name: 'GET /api/appointments', method: 'GET', request: async () => ({ url: '/api/appointments?limit=100' }), expect: [2, 2, 2, 2, 2, 2, 2, 2, 401],
    check: (who, body) => {
      const seen = ids(body.appointments);
      if (who === 'CUSTOMER') {
        expect(seen).toContain(a().appointments.own);
        expect(body.appointments.every((row: { customerId: string }) => row.customerId === a().customers.own)).toBe(true);
      } else {
        expect(seen).toEqual(expect.arrayContaining([a().appointments.own, a().appointments.other]));
      }
    },
  },
  { name: 'GET /api/appointments/:id (the customer\'s)', method: 'GET', request: async () => ({ url: `/api/appointments/${a().appointments.own}` }), expect: [2, 2, 2, 2, 2, 2, 2, 2, 401] },
  { name: 'GET /api/appointments/:id (another customer\'s)', method: 'GET', request: async () => ({ url: `/api/appointments/${a().appointments.other}` }), expect: [2, 2, 2, 2, 2, 2, 2, 404, 401] },
  {
    name: 'POST /api/appointments (staff member\'s resource, for the customer)', method: 'POST',
    request: async () => ({ url: '/api/appointments', payload: { resourceId: a().resources.own, serviceId: a().services.cut, customerId: a().customers.own, startsAt: nextStart().toISOString() } }),
    expect: [2, 2, 2, 403, 2, 2, 2, 2, 401],
  },
  {
    name: 'POST /api/appointments (another resource, another customer)', method: 'POST',
    request: async () => ({ url: '/api/appointments', payload: { resourceId: a().resources.other, serviceId: a().services.cut, customerId: a().customers.other, startsAt: nextStart().toISOString() } }),
    // Staff: not their resource (403). Customer: not themselves (the other record does not exist for them: 400).
    expect: [2, 2, 2, 403, 2, 2, 403, 400, 401],
  },
  {
    name: 'PATCH /api/appointments/:id (staff member\'s resource, the customer\'s booking: cancel)', method: 'PATCH',
    request: async () => {
      const startsAt = nextStart();
      const id = (await db().appointment.create({ data: { resourceId: a().resources.own, customerId: a().customers.own, serviceId: a().services.cut, startsAt, endsAt: new Date(startsAt.getTime() + 1_800_000) } })).id;
      return { url: `/api/appointments/${id}`, payload: { status: 'CANCELLED' } };
    },
    expect: [2, 2, 2, 403, 2, 2, 2, 2, 401],
  },
  { name: 'PATCH /api/appointments/:id (another resource and customer)', method: 'PATCH', request: async () => ({ url: `/api/appointments/${await freshAppointment('neither')}`, payload: { status: 'CONFIRMED' } }), expect: [2, 2, 2, 403, 2, 2, 403, 404, 401] },
  // delete_appointments (SPEC §6): superuser, owner and manager by role; everyone else only through a grant.
  { name: 'DELETE /api/appointments/:id', method: 'DELETE', request: async () => ({ url: `/api/appointments/${await freshAppointment('staff')}` }), expect: [2, 403, 403, 403, 2, 2, 403, 403, 401] },

  // export_customer_data (SPEC §6): superuser and owner by role; others only through a grant.
  { name: 'GET /api/customers/export', method: 'GET', request: async () => ({ url: '/api/customers/export' }), expect: [2, 403, 403, 403, 2, 403, 403, 403, 401] },
  { name: 'GET /api/availability', method: 'GET', request: async () => ({ url: `/api/availability?serviceId=${a().services.cut}&date=2026-03-03` }), expect: [2, 2, 2, 2, 2, 2, 2, 2, 2] },
  { name: 'GET /api/scheduling-settings', method: 'GET', request: async () => ({ url: '/api/scheduling-settings' }), expect: [2, 2, 2, 2, 2, 2, 2, 2, 2] },
  { name: 'PATCH /api/scheduling-settings', method: 'PATCH', request: async () => ({ url: '/api/scheduling-settings', payload: { cancellationWindowMinutes: 1440 } }), expect: [2, 2, 2, 403, 2, 403, 403, 403, 401] },
];

const SUCCESS: Record<Case['method'], number> = { GET: 200, POST: 201, PATCH: 200, DELETE: 204 };

describe('role × route table (tenant A, a demo tenant)', () => {
  it('covers every scheduling route the app registers', () => {
    const document = world.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const scheduling = /^\/api\/(resources|services|customers|business-hours|blockers|appointments|availability|scheduling-settings)/;
    const registered = Object.entries(document.paths)
      .filter(([path]) => scheduling.test(path))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace('{id}', ':id')}`));
    const covered = new Set(CASES.map((entry) => entry.name.replace(/ \(.*\)$/, '')));
    expect(registered.filter((route) => !covered.has(route))).toEqual([]);
  });

  for (const entry of CASES) {
    it.each(WHO.map((who, index) => ({ who, status: entry.expect[index]! })))(`${entry.name}: $who → $status`, async ({ who, status }) => {
      const { url, payload } = await entry.request();
      const token = who === 'ANONYMOUS' ? null : tokenFor(world, 'a', who);
      const response = await call(world.app, entry.method, url, { host: world.a.domain, token, payload });
      const expected = status === 2 ? SUCCESS[entry.method] : status;
      expect(response.statusCode, response.body).toBe(expected);
      if (status === 2 && entry.check) entry.check(who, response.json());
    });
  }

  it('platform sales do not reach a tenant that is not a demo (401 on its host), whatever the route', async () => {
    for (const url of ['/api/resources', '/api/appointments', '/api/customers']) {
      const response = await call(world.app, 'GET', url, { host: world.b.domain, token: tokenFor(world, 'b', 'PLATFORM_SALES') });
      expect(response.statusCode).toBe(401);
    }
  });

  it('every scheduling route is tenant-only: a platform host answers 404 TENANT_CONTEXT_REQUIRED', async () => {
    const response = await call(world.app, 'GET', '/api/appointments', { host: 'localhost', token: tokenFor(world, 'a', 'SUPERUSER') });
    expect(response.json().error.code).toBe('TENANT_CONTEXT_REQUIRED');
  });
});

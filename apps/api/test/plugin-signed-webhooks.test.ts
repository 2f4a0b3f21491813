/**
 * Signed webhooks through the app, against a real HTTP receiver on 127.0.0.1 (private targets allowed here; the
 * refusal has its own file): what is POSTed and how it is signed, the events filter, retries with growing backoff,
 * timeouts, redirects, uninstalling, and tenant isolation. The clock stands still unless the receiver moves it, so
 * stored instants are asserted exactly.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '@smoothschedule/marketplace';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPluginWorld, installPlugin, steppedClock, uninstallPlugin, type PluginWorld } from './plugin-runtime-support.ts';
import { call, FIXED_NOW } from './scheduling-test-support.ts';

const SLUG = 'signed-webhooks';
const SECRET_A = 'alpha-webhook-secret-0123456789';
const SECRET_B = 'beta-webhook-secret-9876543210';
const SECONDS = Math.floor(FIXED_NOW.getTime() / 1000);

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The delivery row as the receiver found it while the request was open. */
  row: { attempts: number; nextAttemptAt: Date | null } | null;
}
type Responder = (request: IncomingMessage, response: ServerResponse, index: number) => void;

let world: PluginWorld;
let receiver: Server;
let base: string;
const received: Received[] = [];
const responders = new Map<string, Responder>();
const logLines: string[] = [];
const sentStartAfter: Array<Date | undefined> = [];

const ok: Responder = (_, response) => response.writeHead(200).end('ok');

beforeAll(async () => {
  const clock = steppedClock();
  const logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
  world = await createPluginWorld({
    env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_RETRY_BASE_MS: '20', WEBHOOK_TIMEOUT_MS: '1500' },
    clock,
    logger,
  });
  // Records the startAfter of every job the runtime queues.
  const send = world.jobs.send.bind(world.jobs);
  world.jobs.send = (queue, data, options) => {
    sentStartAfter.push(options?.startAfter);
    return send(queue, data, options);
  };
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const path = request.url ?? '';
      const id = request.headers['x-smoothschedule-delivery'];
      const schema = path.startsWith('/b') ? world.b.schemaName : world.a.schemaName;
      const row = typeof id === 'string' ? await world.database.tenants.forSchema(schema).webhookDelivery.findUnique({ where: { id } }) : null;
      received.push({ path, headers: request.headers, rawBody: Buffer.concat(chunks).toString('utf8'), row });
      const index = received.filter((entry) => entry.path === path).length;
      (responders.get(path) ?? ok)(request, response, index);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
  await world?.close();
});
beforeEach(async () => {
  for (const tenant of [world.a, world.b]) {
    await uninstallPlugin(world.database, tenant.id, SLUG);
    await world.database.tenants.forSchema(tenant.schemaName).webhookDelivery.deleteMany({});
  }
  received.length = 0;
  sentStartAfter.length = 0;
  responders.clear();
  world.clock.set(FIXED_NOW);
});

let nextHour = 0;
/** A free start on the "other" resource: a new hour each time, Monday 16 March onwards, 08:00–18:00 Berlin. */
function freeStart(): string {
  const day = 16 + Math.floor(nextHour / 10);
  const hour = 8 + (nextHour % 10);
  nextHour += 1;
  return `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+01:00`;
}

async function book(tenant: 'a' | 'b') {
  const t = world[tenant];
  const response = await call(world.app, 'POST', '/api/appointments', {
    host: t.domain,
    token: world.tokens[tenant].TENANT_OWNER,
    payload: { resourceId: t.resources.other, serviceId: t.services.cut, customerId: t.customers.other, startsAt: freeStart() },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as Record<string, unknown> & { id: string };
}

async function setStatus(tenant: 'a' | 'b', id: string, status: string) {
  const response = await call(world.app, 'PATCH', `/api/appointments/${id}`, { host: world[tenant].domain, token: world.tokens[tenant].TENANT_OWNER, payload: { status } });
  expect(response.statusCode, response.body).toBe(200);
}

const deliveries = (tenant: 'a' | 'b') => world.database.tenants.forSchema(world[tenant].schemaName).webhookDelivery.findMany({ orderBy: { createdAt: 'asc' } });
const install = (tenant: 'a' | 'b', config: Record<string, unknown>) =>
  installPlugin(world.database, world[tenant].id, SLUG, { secret: tenant === 'a' ? SECRET_A : SECRET_B, ...config });

describe('signed webhooks', () => {
  it('a booking is POSTed once, signed over the raw body, with the event headers and the appointment', async () => {
    await install('a', { url: `${base}/a/hook` });
    const appointment = await book('a');
    await world.settle();

    expect(received).toHaveLength(1);
    const [request] = received;
    const [row] = await deliveries('a');
    expect(request!.path).toBe('/a/hook');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-smoothschedule-event']).toBe('appointment.created');
    expect(request!.headers['x-smoothschedule-delivery']).toBe(row!.id);
    const signature = request!.headers['x-smoothschedule-signature'] as string;
    const expected = createHmac('sha256', SECRET_A).update(`${SECONDS}.${request!.rawBody}`).digest('hex');
    expect(signature).toBe(`t=${SECONDS},v1=${expected}`);
    expect(verifyWebhookSignature(SECRET_A, signature, request!.rawBody, SECONDS, 300)).toBe(true);
    expect(verifyWebhookSignature(SECRET_A, signature, request!.rawBody.replace('appointment.created', 'appointment.cancelled'), SECONDS, 300)).toBe(false);
    expect(verifyWebhookSignature(SECRET_A, signature, request!.rawBody, SECONDS + 301, 300)).toBe(false);
    expect(verifyWebhookSignature(SECRET_B, signature, request!.rawBody, SECONDS, 300)).toBe(false);

    expect(JSON.parse(request!.rawBody)).toEqual({
      id: row!.id, type: 'appointment.created', occurredAt: FIXED_NOW.toISOString(), tenantId: world.a.id, data: appointment,
    });
    expect(row).toMatchObject({
      eventType: 'appointment.created', appointmentId: appointment.id, url: `${base}/a/hook`, status: 'DELIVERED', attempts: 1,
      lastStatusCode: 200, lastError: null, nextAttemptAt: null, deliveredAt: FIXED_NOW,
    });
  });

  it('sends only the events the tenant chose', async () => {
    await install('a', { url: `${base}/a/hook`, events: ['cancelled', 'no_show'] });
    const first = await book('a');
    await setStatus('a', first.id, 'CONFIRMED');
    await setStatus('a', first.id, 'NO_SHOW');
    const second = await book('a');
    await setStatus('a', second.id, 'CANCELLED');
    const third = await book('a');
    await setStatus('a', third.id, 'CONFIRMED');
    await setStatus('a', third.id, 'COMPLETED');
    await world.settle();

    expect(received.map((request) => request.headers['x-smoothschedule-event']).sort()).toEqual(['appointment.cancelled', 'appointment.no_show']);
    expect(received.map((request) => JSON.parse(request.rawBody).data.id).sort()).toEqual([first.id, second.id].sort());
    expect((await deliveries('a')).map((row) => row.eventType).sort()).toEqual(['appointment.cancelled', 'appointment.no_show']);
  });

  it('500, 500, 200: three attempts of one delivery, the backoff doubling, then DELIVERED', async () => {
    await install('a', { url: `${base}/a/flaky`, maxAttempts: 5 });
    responders.set('/a/flaky', (_, response, index) => {
      // Each attempt happens one minute after the previous, on the test's clock.
      world.clock.set(new Date(FIXED_NOW.getTime() + index * 60_000));
      response.writeHead(index < 3 ? 500 : 200).end();
    });
    await book('a');
    await world.settle();

    expect(received).toHaveLength(3);
    const ids = new Set(received.map((request) => request.headers['x-smoothschedule-delivery']));
    expect(ids.size).toBe(1);
    // Attempt k is taken before it is sent, and shows the retry time the previous failure scheduled.
    const attemptStart = (k: number) => FIXED_NOW.getTime() + (k - 1) * 60_000;
    expect(received.map((request) => request.row?.attempts)).toEqual([1, 2, 3]);
    expect(received.map((request) => request.row?.nextAttemptAt?.getTime() ?? null)).toEqual([
      null, attemptStart(1) + 20, attemptStart(2) + 40,
    ]);
    expect(sentStartAfter.map((at) => at?.getTime() ?? null)).toEqual([null, attemptStart(1) + 20, attemptStart(2) + 40]);
    // Each attempt is signed at its own time.
    expect(received.map((request) => (request.headers['x-smoothschedule-signature'] as string).split(',')[0])).toEqual(
      [1, 2, 3].map((k) => `t=${Math.floor(attemptStart(k) / 1000)}`),
    );
    const [row] = await deliveries('a');
    expect(row).toMatchObject({
      status: 'DELIVERED', attempts: 3, lastStatusCode: 200, lastError: null, nextAttemptAt: null, deliveredAt: new Date(attemptStart(3)),
    });
  });

  it('a receiver that always fails: maxAttempts requests, then FAILED with nothing scheduled', async () => {
    await install('a', { url: `${base}/a/down`, maxAttempts: 3 });
    responders.set('/a/down', (_, response) => response.writeHead(500).end('broken'));
    await book('a');
    await world.settle();

    expect(received.map((request) => request.row?.attempts)).toEqual([1, 2, 3]);
    const [row] = await deliveries('a');
    expect(row).toMatchObject({ status: 'FAILED', attempts: 3, lastStatusCode: 500, lastError: 'HTTP 500', nextAttemptAt: null, deliveredAt: null });
    expect(sentStartAfter.filter((at) => at !== undefined)).toHaveLength(2);
  });

  it('a receiver that never answers: the attempt times out and counts as failed', async () => {
    await install('a', { url: `${base}/a/hang`, maxAttempts: 1 });
    responders.set('/a/hang', () => {});
    await book('a');
    await world.settle();

    expect(received).toHaveLength(1);
    const [row] = await deliveries('a');
    expect(row).toMatchObject({ status: 'FAILED', attempts: 1, lastStatusCode: null, lastError: 'no response within 1500 ms' });
  });

  it('a redirect is not followed: one request, a failed attempt', async () => {
    await install('a', { url: `${base}/a/moved`, maxAttempts: 1 });
    responders.set('/a/moved', (_, response) => response.writeHead(302, { location: `${base}/a/hook` }).end());
    await book('a');
    await world.settle();

    expect(received.map((request) => request.path)).toEqual(['/a/moved']);
    const [row] = await deliveries('a');
    expect(row).toMatchObject({ status: 'FAILED', attempts: 1, lastStatusCode: 302, lastError: 'HTTP 302 (redirects are not followed)' });
  });

  it('uninstalled: no row, no request', async () => {
    await install('a', { url: `${base}/a/hook` });
    await uninstallPlugin(world.database, world.a.id, SLUG);
    const appointment = await book('a');
    await setStatus('a', appointment.id, 'CANCELLED');
    await world.settle();

    expect(received).toEqual([]);
    expect(await deliveries('a')).toEqual([]);
  });

  it('each tenant\'s webhook receives only its own events, signed with its own secret', async () => {
    await install('a', { url: `${base}/a/hook` });
    await install('b', { url: `${base}/b/hook` });
    const inA = await book('a');
    await world.settle();
    expect(received.map((request) => request.path)).toEqual(['/a/hook']);
    expect(await deliveries('b')).toEqual([]);

    const inB = await book('b');
    await world.settle();
    expect(received.map((request) => request.path)).toEqual(['/a/hook', '/b/hook']);
    const [toA, toB] = received.map((request) => ({ ...request, payload: JSON.parse(request.rawBody) }));
    expect(toA!.payload).toMatchObject({ tenantId: world.a.id, data: { id: inA.id } });
    expect(toB!.payload).toMatchObject({ tenantId: world.b.id, data: { id: inB.id } });
    const signatureB = toB!.headers['x-smoothschedule-signature'] as string;
    expect(verifyWebhookSignature(SECRET_B, signatureB, toB!.rawBody, SECONDS, 300)).toBe(true);
    expect(verifyWebhookSignature(SECRET_A, signatureB, toB!.rawBody, SECONDS, 300)).toBe(false);
    expect((await deliveries('a')).map((row) => row.appointmentId)).toEqual([inA.id]);
    expect((await deliveries('b')).map((row) => row.appointmentId)).toEqual([inB.id]);
  });

  it('never writes a secret to the log, a delivery row or a failure record (checked over everything above)', async () => {
    // And a network failure (the receiver drops the connection), whose error text comes from Node.
    await install('a', { url: `${base}/a/drop`, maxAttempts: 1 });
    responders.set('/a/drop', (request) => request.socket.destroy());
    await book('a');
    await world.settle();
    const [row] = await deliveries('a');
    expect(row).toMatchObject({ status: 'FAILED', lastStatusCode: null });
    expect(row!.lastError).toMatch(/socket hang up|ECONNRESET/);

    const failures = await world.database.tenants.forSchema(world.a.schemaName).pluginFailure.findMany();
    const stored = JSON.stringify([row, failures]);
    expect(logLines.some((line) => line.includes('webhook attempt failed'))).toBe(true);
    expect(logLines.some((line) => line.includes('webhook delivered'))).toBe(true);
    for (const secret of [SECRET_A, SECRET_B]) {
      expect(logLines.filter((line) => line.includes(secret))).toEqual([]);
      expect(stored).not.toContain(secret);
    }
  });
});

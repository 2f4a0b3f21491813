/**
 * Signed webhooks with the platform's default: private targets refused. A tenant's webhook URL that reaches the
 * platform's own network (here a real receiver on 127.0.0.1) gets no request: the attempt fails for good with the
 * reason, and nothing is retried.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPluginWorld, installPlugin, uninstallPlugin, type PluginWorld } from './plugin-runtime-support.ts';
import { call } from './scheduling-test-support.ts';

const SLUG = 'signed-webhooks';
let world: PluginWorld;
let receiver: Server;
let port: number;
let requests = 0;
const queued: string[] = [];

beforeAll(async () => {
  world = await createPluginWorld({ env: { WEBHOOK_RETRY_BASE_MS: '20' } });
  const send = world.jobs.send.bind(world.jobs);
  world.jobs.send = (queue, data, options) => {
    queued.push(queue);
    return send(queue, data, options);
  };
  receiver = createServer((_, response) => {
    requests += 1;
    response.writeHead(200).end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  port = (receiver.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
  await world?.close();
});
beforeEach(async () => {
  await uninstallPlugin(world.database, world.a.id, SLUG);
  await world.database.tenants.forSchema(world.a.schemaName).webhookDelivery.deleteMany({});
  requests = 0;
  queued.length = 0;
});

let nextHour = 0;
async function book() {
  const hour = 8 + (nextHour++ % 10);
  const day = 16 + Math.floor(nextHour / 10);
  const response = await call(world.app, 'POST', '/api/appointments', {
    host: world.a.domain,
    token: world.tokens.a.TENANT_OWNER,
    payload: {
      resourceId: world.a.resources.other, serviceId: world.a.services.cut, customerId: world.a.customers.other,
      startsAt: `2026-03-${day}T${String(hour).padStart(2, '0')}:00:00+01:00`,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
}

describe('signed webhooks refuse the platform\'s network', () => {
  it('the same receiver is reached once private targets are allowed (the refusals below are not a dead server)', async () => {
    const allowing = await createPluginWorld({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
    try {
      await installPlugin(allowing.database, allowing.a.id, SLUG, { url: `http://127.0.0.1:${port}/hook`, secret: 'x'.repeat(16) });
      const response = await call(allowing.app, 'POST', '/api/appointments', {
        host: allowing.a.domain,
        token: allowing.tokens.a.TENANT_OWNER,
        payload: { resourceId: allowing.a.resources.other, serviceId: allowing.a.services.cut, customerId: allowing.a.customers.other, startsAt: '2026-03-16T08:00:00+01:00' },
      });
      expect(response.statusCode).toBe(201);
      await allowing.settle();
      expect(requests).toBe(1);
    } finally {
      await allowing.close();
    }
  });

  it.each([
    ['127.0.0.1', /^refused target: 127\.0\.0\.1 is 127\.0\.0\.1, a loopback address$/],
    ['localhost', /^refused target: localhost is (127\.0\.0\.1|::1), a loopback address$/],
    ['[::ffff:127.0.0.1]', /loopback, IPv4-mapped/],
    ['[::1]', /loopback/],
    ['169.254.169.254', /link-local/],
  ])('http://%s: no request, FAILED after one attempt with the reason, no retry', async (host, reason) => {
    await installPlugin(world.database, world.a.id, SLUG, { url: `http://${host}:${port}/hook`, secret: 'x'.repeat(16), maxAttempts: 5 });
    await book();
    await world.settle();

    expect(requests).toBe(0);
    const rows = await world.database.tenants.forSchema(world.a.schemaName).webhookDelivery.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'FAILED', attempts: 1, lastStatusCode: null, nextAttemptAt: null, deliveredAt: null });
    expect(rows[0]!.lastError).toMatch(reason);
    // Only the first deliver job was queued: a refused target is never retried.
    expect(queued.filter((queue) => queue.includes('deliver'))).toHaveLength(1);
  });
});

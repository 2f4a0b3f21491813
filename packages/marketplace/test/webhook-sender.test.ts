/**
 * The webhook sender against a loopback server: targets are judged after resolution, and the request goes to the
 * address that was judged (pinned), never to a second DNS answer.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook, resolveTarget } from '../plugins/signed-webhooks/webhook-sender.ts';

let server: Server;
let port: number;
const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('webhook targets', () => {
  it.each([
    ['http://localhost:8080/hook', /^refused target: localhost is (127\.0\.0\.1|::1), a loopback address$/],
    ['http://127.0.0.1/hook', /^refused target: 127\.0\.0\.1 is 127\.0\.0\.1, a loopback address$/],
    ['http://[::1]/hook', /loopback/],
    ['http://[::ffff:127.0.0.1]/hook', /loopback, IPv4-mapped/],
    ['https://169.254.169.254/latest/meta-data', /link-local/],
    ['http://0x7f.1/hook', /loopback/],
    ['http://10.0.0.5/hook', /RFC 1918/],
  ])('refuses %s for good (no retry)', async (url, reason) => {
    const target = await resolveTarget(new URL(url), false);
    expect(target).toMatchObject({ ok: false, final: true });
    expect(!target.ok && target.reason).toMatch(reason);
  });

  it('allows loopback when private targets are allowed', async () => {
    expect(await resolveTarget(new URL('http://localhost/hook'), true)).toMatchObject({ ok: true });
  });

  it('an unresolvable host is a failed attempt that may be retried', async () => {
    const target = await resolveTarget(new URL('http://no-such-host.invalid/hook'), false);
    expect(target).toMatchObject({ ok: false, final: false });
    expect(!target.ok && target.reason).toMatch(/could not resolve no-such-host\.invalid/);
  });

  it('connects to the pinned address, not to whatever the host name resolves to', async () => {
    // The host name does not resolve at all: the request can only arrive through the pinned address.
    const url = new URL(`http://receiver.invalid:${port}/hook`);
    const status = await postWebhook({
      url, target: { address: '127.0.0.1', family: 4 }, body: '{"a":1}', headers: { 'Content-Type': 'application/json' }, timeoutMs: 5000,
    });
    expect(status).toBe(204);
    expect(received).toHaveLength(1);
    expect(received[0]!.headers.host).toBe(`receiver.invalid:${port}`);
    expect(received[0]!.body).toBe('{"a":1}');
  });
});

/** The signature header receivers check: computed independently here, then every way verification must fail. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../src/index.ts';
import { signatureHeader } from '../plugins/signed-webhooks/webhook-signature.ts';

const SECRET = 'a-long-enough-webhook-secret';
const BODY = '{"id":"d1","type":"appointment.created","data":{"notes":"café ☕"}}';
const T = 1_772_431_200;

describe('webhook signature', () => {
  it('is t=<seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>', () => {
    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`, 'utf8').digest('hex');
    expect(signatureHeader(SECRET, T, BODY)).toBe(`t=${T},v1=${expected}`);
  });

  it('verifies the exact raw body (string or bytes) within the tolerance, either side', () => {
    const header = signatureHeader(SECRET, T, BODY);
    expect(verifyWebhookSignature(SECRET, header, BODY, T, 300)).toBe(true);
    expect(verifyWebhookSignature(SECRET, header, Buffer.from(BODY), T + 300, 300)).toBe(true);
    expect(verifyWebhookSignature(SECRET, header, BODY, T - 300, 300)).toBe(true);
  });

  const header = signatureHeader(SECRET, T, BODY);
  const v1 = header.split('v1=')[1]!;
  const REFUSED: ReadonlyArray<[string, () => boolean]> = [
    ['a tampered body', () => verifyWebhookSignature(SECRET, header, BODY.replace('d1', 'd2'), T, 300)],
    ['the body re-serialised with other spacing', () => verifyWebhookSignature(SECRET, header, JSON.stringify(JSON.parse(BODY), null, 1), T, 300)],
    ['an old timestamp (replay)', () => verifyWebhookSignature(SECRET, header, BODY, T + 301, 300)],
    ['a timestamp from the future', () => verifyWebhookSignature(SECRET, header, BODY, T - 301, 300)],
    ['another secret', () => verifyWebhookSignature('another-secret-of-16-chars', header, BODY, T, 300)],
    ['the timestamp changed to a fresh one', () => verifyWebhookSignature(SECRET, `t=${T + 1000},v1=${v1}`, BODY, T + 1000, 300)],
    ['no header', () => verifyWebhookSignature(SECRET, undefined, BODY, T, 300)],
    ['no timestamp', () => verifyWebhookSignature(SECRET, `v1=${v1}`, BODY, T, 300)],
    ['two timestamps', () => verifyWebhookSignature(SECRET, `t=${T},t=${T},v1=${v1}`, BODY, T, 300)],
    ['a short signature', () => verifyWebhookSignature(SECRET, `t=${T},v1=${v1.slice(0, 32)}`, BODY, T, 300)],
    ['a non-hex signature', () => verifyWebhookSignature(SECRET, `t=${T},v1=${'z'.repeat(64)}`, BODY, T, 300)],
    ['a non-numeric timestamp', () => verifyWebhookSignature(SECRET, `t=now,v1=${v1}`, BODY, T, 300)],
  ];
  it.each(REFUSED)('refuses %s', (_, verify) => {
    expect(verify()).toBe(false);
  });

  it('accepts any one matching v1 (secret rotation)', () => {
    expect(verifyWebhookSignature(SECRET, `t=${T},v1=${'0'.repeat(64)},v1=${v1}`, BODY, T, 300)).toBe(true);
  });
});

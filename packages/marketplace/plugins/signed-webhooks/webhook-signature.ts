/**
 * The X-SmoothSchedule-Signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * Signing the timestamp with the body lets a receiver refuse a captured request replayed later; signing the raw
 * bytes (not a re-serialised object) means the receiver must verify before parsing, which is the safe order.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function webhookSignature(secret: string, timestampSeconds: number, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest('hex');
}

export function signatureHeader(secret: string, timestampSeconds: number, rawBody: string): string {
  return `t=${timestampSeconds},v1=${webhookSignature(secret, timestampSeconds, rawBody)}`;
}

/**
 * For receivers: true when `header` signs exactly `rawBody` with `secret` and its timestamp is within
 * `toleranceSeconds` of `nowSeconds` (either side, for clock skew). Any v1 entry may match (several appear while
 * a secret is being rotated); the comparison takes constant time.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  rawBody: string | Buffer,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  if (!header) return false;
  const entries = header.split(',').map((part) => part.trim().split('=', 2) as [string, string | undefined]);
  const timestamps = entries.filter(([key]) => key === 't').map(([, value]) => value ?? '');
  if (timestamps.length !== 1 || !/^\d{1,12}$/.test(timestamps[0]!)) return false;
  const timestamp = Number(timestamps[0]);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(webhookSignature(secret, timestamp, rawBody), 'hex');
  return entries
    .filter(([key, value]) => key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/i.test(value))
    .some(([, value]) => timingSafeEqual(Buffer.from(value!, 'hex'), expected));
}

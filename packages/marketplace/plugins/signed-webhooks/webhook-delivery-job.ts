/**
 * The `deliver` job: one attempt at POSTing a PENDING delivery. The plugin owns the retry policy (exponential
 * backoff up to the tenant's maxAttempts, each attempt recorded on the row), so an HTTP failure never throws:
 * a throw would make the queue retry as well and the receiver would get duplicates. Only a broken database
 * throws, and then the queue's retry is right.
 */
import type { PluginContext, PluginJobPayload } from '../../src/plugin-definition.ts';
import type { SignedWebhooksConfig } from './manifest.ts';
import { createWebhookDeliveriesRepository } from './webhook-deliveries-repository.ts';
import { postWebhook, resolveTarget } from './webhook-sender.ts';
import { signatureHeader } from './webhook-signature.ts';

const MAX_ERROR_LENGTH = 500;

/** Delay before attempt `attempts + 1`: retryBaseMs, then doubled for each attempt already made. */
export function retryDelayMs(retryBaseMs: number, attempts: number): number {
  return retryBaseMs * 2 ** (attempts - 1);
}

/** A failure message fit to store and log: short, and never carrying the secret (should a URL or error echo it). */
function describeFailure(message: string, secret: string): string {
  return message.split(secret).join('[secret]').slice(0, MAX_ERROR_LENGTH);
}

export async function deliverWebhook(payload: PluginJobPayload, context: PluginContext<SignedWebhooksConfig>): Promise<void> {
  const deliveryId = typeof payload.deliveryId === 'string' ? payload.deliveryId : null;
  if (deliveryId === null) return context.log.warn('webhook job without a delivery id');
  const deliveries = createWebhookDeliveriesRepository(context.db);
  const delivery = await deliveries.find(deliveryId);
  if (!delivery || delivery.status !== 'PENDING') return;
  const attempt = delivery.attempts + 1;
  if (!(await deliveries.claimAttempt(delivery.id, attempt))) return;

  const { config, settings, now } = context;
  const fail = (lastStatusCode: number | null, lastError: string, final: boolean) =>
    recordFailure(context, delivery.id, attempt, lastStatusCode, describeFailure(lastError, config.secret), final);

  const url = new URL(delivery.url);
  const target = await resolveTarget(url, settings.webhooks.allowPrivateTargets);
  if (!target.ok) return fail(null, target.reason, target.final);

  const body = JSON.stringify(delivery.payload);
  const timestamp = Math.floor(now.getTime() / 1000);
  const headers = {
    'Content-Type': 'application/json',
    'User-Agent': 'SmoothSchedule-Webhooks/1.0',
    'X-SmoothSchedule-Event': delivery.eventType,
    'X-SmoothSchedule-Delivery': delivery.id,
    'X-SmoothSchedule-Signature': signatureHeader(config.secret, timestamp, body),
  };
  let statusCode: number;
  try {
    statusCode = await postWebhook({ url, target, body, headers, timeoutMs: settings.webhooks.timeoutMs });
  } catch (error) {
    return fail(null, (error as Error).message || 'request failed', false);
  }
  if (statusCode >= 200 && statusCode < 300) {
    await deliveries.recordOutcome(delivery.id, { status: 'DELIVERED', lastStatusCode: statusCode, lastError: null, nextAttemptAt: null, deliveredAt: now });
    context.log.info({ deliveryId: delivery.id, attempt, statusCode }, 'webhook delivered');
    return;
  }
  const redirect = statusCode >= 300 && statusCode < 400 ? ' (redirects are not followed)' : '';
  await fail(statusCode, `HTTP ${statusCode}${redirect}`, false);
}

/** Records a failed attempt; schedules the next one unless it was the last or retrying cannot help. */
async function recordFailure(
  context: PluginContext<SignedWebhooksConfig>,
  deliveryId: string,
  attempt: number,
  lastStatusCode: number | null,
  lastError: string,
  final: boolean,
): Promise<void> {
  const deliveries = createWebhookDeliveriesRepository(context.db);
  const retry = !final && attempt < context.config.maxAttempts;
  const nextAttemptAt = retry ? new Date(context.now.getTime() + retryDelayMs(context.settings.webhooks.retryBaseMs, attempt)) : null;
  await deliveries.recordOutcome(deliveryId, { status: retry ? 'PENDING' : 'FAILED', lastStatusCode, lastError, nextAttemptAt, deliveredAt: null });
  context.log.warn({ deliveryId, attempt, lastStatusCode, lastError, retry }, 'webhook attempt failed');
  if (nextAttemptAt) await context.enqueue('deliver', { deliveryId }, { startAfter: nextAttemptAt });
}

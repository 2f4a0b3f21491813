/**
 * Custom-domain DNS in Route53: one CNAME per custom domain, pointing at the platform's CNAME target, in the
 * platform's hosted zone. Route53 throttles (5 requests per second per account, and PriorRequestNotComplete while
 * a change to the same record is in flight), so every call goes through one bounded retry with exponential
 * backoff; the SDK's own retries are switched off so that the two never multiply.
 */
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  Route53Client,
  type Change,
} from '@aws-sdk/client-route-53';

export interface Route53DnsOptions {
  client: Route53Client;
  hostedZoneId: string;
  /** The host every custom domain's CNAME points at. */
  cnameTarget: string;
  ttlSeconds?: number;
  /** Attempts per call, the first included. Default 5. */
  maxAttempts?: number;
  /** First backoff; doubles each retry. Default 200 ms. */
  baseDelayMs?: number;
  /** How long to wait between GetChange polls while verifying. Default 1 s. */
  pollIntervalMs?: number;
  /** GetChange polls per verification before answering "still pending". Default 5. */
  maxPolls?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type ChangeStatus = 'PENDING' | 'INSYNC';

/** Error names Route53 (and the SDK) give to "slow down and try again". */
const RETRYABLE = new Set(['Throttling', 'ThrottlingException', 'PriorRequestNotComplete', 'TooManyRequestsException', 'RequestLimitExceeded']);

export function isRetryableRoute53Error(error: unknown): boolean {
  const candidate = error as { name?: string; $retryable?: { throttling?: boolean }; $metadata?: { httpStatusCode?: number } } | null;
  if (!candidate) return false;
  if (candidate.name && RETRYABLE.has(candidate.name)) return true;
  if (candidate.$retryable?.throttling) return true;
  const status = candidate.$metadata?.httpStatusCode;
  return status === 429 || (status !== undefined && status >= 500);
}

export function createRoute53Client(region: string): Route53Client {
  return new Route53Client({ region, maxAttempts: 1 });
}

export function createRoute53Dns(options: Route53DnsOptions) {
  const { client, hostedZoneId, cnameTarget } = options;
  const ttl = options.ttlSeconds ?? 300;
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 200;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  async function withRetry<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (attempt >= maxAttempts || !isRetryableRoute53Error(error)) throw error;
        await sleep(baseDelayMs * 2 ** (attempt - 1));
      }
    }
  }

  const cname = (action: Change['Action'], domain: string): Change => ({
    Action: action,
    ResourceRecordSet: { Name: domain, Type: 'CNAME', TTL: ttl, ResourceRecords: [{ Value: cnameTarget }] },
  });

  async function change(action: Change['Action'], domain: string, comment: string) {
    const result = await withRetry(() =>
      client.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: hostedZoneId,
          ChangeBatch: { Comment: comment, Changes: [cname(action, domain)] },
        }),
      ),
    );
    const info = result.ChangeInfo;
    if (!info?.Id) throw new Error('Route53 answered without a change id');
    return { changeId: info.Id, status: (info.Status ?? 'PENDING') as ChangeStatus };
  }

  async function changeStatus(changeId: string): Promise<ChangeStatus> {
    const result = await withRetry(() => client.send(new GetChangeCommand({ Id: changeId })));
    return (result.ChangeInfo?.Status ?? 'PENDING') as ChangeStatus;
  }

  return {
    hostedZoneId,
    cnameTarget,
    changeStatus,

    /** Creates or replaces the domain's CNAME; returns the change to follow. */
    upsertCname(domain: string) {
      return change('UPSERT', domain, `Smooth Schedule custom domain ${domain}`);
    },

    /** Removes the domain's CNAME; false when there was no such record (already gone). */
    async deleteCname(domain: string): Promise<boolean> {
      try {
        await change('DELETE', domain, `Smooth Schedule custom domain ${domain} removed`);
        return true;
      } catch (error) {
        // Route53 rejects deleting a record that does not exist with InvalidChangeBatch "...not found".
        const { name, message } = error as { name?: string; message?: string };
        if (name === 'InvalidChangeBatch' && /not found/i.test(message ?? '')) return false;
        throw error;
      }
    },

    /** Polls GetChange until INSYNC, a bounded number of times; answers the last status seen. */
    async waitForInsync(changeId: string): Promise<ChangeStatus> {
      const polls = options.maxPolls ?? 5;
      for (let poll = 1; ; poll++) {
        const status = await changeStatus(changeId);
        if (status === 'INSYNC' || poll >= polls) return status;
        await sleep(options.pollIntervalMs ?? 1_000);
      }
    },
  };
}

export type Route53Dns = ReturnType<typeof createRoute53Dns>;

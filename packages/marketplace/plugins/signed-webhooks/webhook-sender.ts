/**
 * One webhook POST, to an address checked first. The host is resolved here, every address it resolves to is
 * judged by the address policy, and the socket then connects to the exact address that passed (a `lookup` that
 * answers only that address), so a DNS answer that changes between the check and the connection (DNS rebinding)
 * cannot send the request elsewhere. TLS still verifies the certificate against the URL's host name. Redirects
 * are never followed: a 3xx is just a failed attempt.
 */
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { forbiddenAddressReason } from './address-policy.ts';

export type ResolvedTarget =
  | { ok: true; address: string; family: 4 | 6 }
  /** `final`: retrying cannot help (the target is refused), as opposed to a DNS failure that may pass. */
  | { ok: false; final: boolean; reason: string };

export async function resolveTarget(url: URL, allowPrivateTargets: boolean): Promise<ResolvedTarget> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(host) !== 0) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await dnsLookup(host, { all: true, verbatim: true });
    } catch (error) {
      return { ok: false, final: false, reason: `could not resolve ${host} (${(error as NodeJS.ErrnoException).code ?? 'lookup failed'})` };
    }
  }
  if (addresses.length === 0) return { ok: false, final: false, reason: `${host} resolves to no address` };
  if (!allowPrivateTargets) {
    // Every answer must pass: a host that also resolves inside the network is refused, whichever one we would use.
    for (const { address } of addresses) {
      const reason = forbiddenAddressReason(address);
      if (reason !== null) return { ok: false, final: true, reason: `refused target: ${host} is ${address}, a ${reason} address` };
    }
  }
  const chosen = addresses[0]!;
  return { ok: true, address: chosen.address, family: chosen.family === 6 ? 6 : 4 };
}

export interface WebhookRequest {
  url: URL;
  target: { address: string; family: 4 | 6 };
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** The response status, or throws a network error or timeout (messages name no header or body). */
export function postWebhook(webhook: WebhookRequest): Promise<number> {
  const { address, family } = webhook.target;
  const pinnedLookup = ((_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as LookupFunction;
  const send = webhook.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const request = send(webhook.url, {
      method: 'POST',
      agent: false,
      lookup: pinnedLookup,
      headers: { ...webhook.headers, 'Content-Length': String(Buffer.byteLength(webhook.body)) },
    });
    const timer = setTimeout(() => request.destroy(new Error(`no response within ${webhook.timeoutMs} ms`)), webhook.timeoutMs);
    request.on('response', (response) => {
      resolve(response.statusCode ?? 0);
      // The receiver's body is not needed; drain it under the same deadline, then free the socket.
      response.resume();
      response.on('close', () => clearTimeout(timer));
    });
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(webhook.body);
  });
}

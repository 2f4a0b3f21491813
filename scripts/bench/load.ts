/** HTTP load from this process against a bench server on loopback, with a Host header chosen per request. */
import autocannon from 'autocannon';

export interface LoadOptions {
  port: number;
  hosts: readonly string[];
  connections: number;
  /** Either a duration in seconds or a number of requests. */
  durationSeconds?: number;
  amount?: number;
  headers?: Record<string, string>;
  /** Defaults to the tenant-bound resources list. */
  path?: string;
}

export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${options.port}`,
    connections: options.connections,
    // autocannon rejects a key that is present but undefined.
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.durationSeconds ?? 10 }),
    requests: [
      {
        method: 'GET',
        path: options.path ?? '/api/resources?limit=10',
        setupRequest: (request: autocannon.Request) => ({
          ...request,
          headers: { ...(options.headers ?? {}), host: options.hosts[next++ % options.hosts.length]! },
        }),
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

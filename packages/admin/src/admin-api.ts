/**
 * How the admin does anything: it calls the JSON API in-process (`app.inject`) with the signed-in user's token, on
 * the right host, from the client's address. Every permission check, validation and audit of the API applies
 * unchanged; the admin has no second path to the data.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, InjectOptions } from 'fastify';
import { writeAdminSession, type AdminSession } from './admin-session.ts';

const REFRESH_COOKIE = 'ss_refresh';

export interface ApiError {
  code: string;
  message: string;
  details?: Array<{ path?: string; message?: string; field?: string }> | unknown;
}

export interface ApiResult<T> {
  status: number;
  ok: boolean;
  body: T;
  error: ApiError | null;
}

export interface AdminApi {
  call<T = unknown>(method: InjectOptions['method'], url: string, payload?: unknown): Promise<ApiResult<T>>;
  /** True when the calls go out with a masquerade token. */
  readonly masquerading: boolean;
}

function resultOf<T>(response: { statusCode: number; body: string }): ApiResult<T> {
  let body: unknown = null;
  try {
    body = response.body === '' ? null : JSON.parse(response.body);
  } catch {
    body = null;
  }
  const ok = response.statusCode < 400;
  const error = !ok ? ((body as { error?: ApiError } | null)?.error ?? { code: 'ERROR', message: `HTTP ${response.statusCode}` }) : null;
  return { status: response.statusCode, ok, body: body as T, error };
}

export function createAdminApi(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, session: AdminSession): AdminApi {
  const ownHost = request.headers.host ?? 'localhost';

  const send = (token: string, host: string, method: InjectOptions['method'], url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { host, authorization: `Bearer ${token}`, 'user-agent': request.headers['user-agent'] ?? 'admin' },
      remoteAddress: request.ip,
      ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
    });

  /** A new access token from the refresh token, saved in the session cookie; false when the session is over. */
  const refresh = async (): Promise<boolean> => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: { host: ownHost },
      cookies: { [REFRESH_COOKIE]: session.refreshToken },
      remoteAddress: request.ip,
    });
    if (response.statusCode !== 200) return false;
    const rotated = response.cookies.find((cookie) => cookie.name === REFRESH_COOKIE)?.value;
    session.accessToken = response.json<{ accessToken: string }>().accessToken;
    if (rotated) session.refreshToken = rotated;
    writeAdminSession(request, reply, session);
    return true;
  };

  return {
    masquerading: session.masquerade !== undefined,
    async call<T>(method: InjectOptions['method'], url: string, payload?: unknown): Promise<ApiResult<T>> {
      const masquerade = session.masquerade;
      if (masquerade) return resultOf<T>(await send(masquerade.accessToken, masquerade.host, method, url, payload));
      let response = await send(session.accessToken, ownHost, method, url, payload);
      if (response.statusCode === 401 && (await refresh())) response = await send(session.accessToken, ownHost, method, url, payload);
      return resultOf<T>(response);
    },
  };
}

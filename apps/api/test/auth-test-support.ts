/** Users, tokens and security-log reading for the authentication tests (real PostgreSQL, the real app). */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hashPassword } from '@smoothschedule/auth';
import type { Database, Role } from '@smoothschedule/db';
import type { App } from '../src/app.ts';

export const JWT_SECRET = 'test-secret-of-at-least-thirty-two-characters';
export const PASSWORD = 'correct horse battery';

export const HOSTS = {
  platform: 'localhost',
  alpha: 'alpha.api.test',
  beta: 'beta.api.test',
  demo: 'demo.api.test',
} as const;

let passwordHash: Promise<string> | undefined;

export async function createUser(
  database: Database,
  user: { email: string; role: Role; tenantId?: string | null; isActive?: boolean; isTemporary?: boolean; password?: string },
) {
  const hash = user.password === undefined ? await (passwordHash ??= hashPassword(PASSWORD)) : await hashPassword(user.password);
  return database.shared.user.create({
    data: {
      email: user.email,
      passwordHash: hash,
      firstName: 'Test',
      lastName: user.role,
      role: user.role,
      tenantId: user.tenantId ?? null,
      isActive: user.isActive ?? true,
      isTemporary: user.isTemporary ?? false,
    },
  });
}

export async function tenantIdOf(database: Database, schemaName: string): Promise<string> {
  const tenant = await database.shared.tenant.findUniqueOrThrow({ where: { schemaName } });
  return tenant.id;
}

export interface LoggedIn {
  accessToken: string;
  refreshCookie: string;
  userId: string;
}

/** The refresh cookie's value from a response, or undefined. */
export function refreshCookieOf(response: { cookies: Array<{ name: string; value: string }> }): string | undefined {
  return response.cookies.find((cookie) => cookie.name === 'ss_refresh')?.value;
}

export async function login(app: App, host: string, email: string, password = PASSWORD): Promise<LoggedIn> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { host }, payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`login of ${email} on ${host}: ${response.statusCode} ${response.body}`);
  const body = response.json<{ accessToken: string; user: { id: string } }>();
  return { accessToken: body.accessToken, refreshCookie: refreshCookieOf(response)!, userId: body.user.id };
}

export function me(app: App, host: string, accessToken: string) {
  return app.inject({ url: '/api/auth/me', headers: { host, authorization: `Bearer ${accessToken}` } });
}

export function refresh(app: App, host: string, refreshCookie: string) {
  return app.inject({ method: 'POST', url: '/api/auth/refresh', headers: { host }, cookies: { ss_refresh: refreshCookie } });
}

export type SecurityLine = Record<string, unknown> & { event: string; time: string };

export async function securityLines(app: App): Promise<SecurityLine[]> {
  await app.authentication.securityLog.flush();
  let text = '';
  try {
    text = readFileSync(app.authentication.securityLog.file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SecurityLine);
}

/** Runs `action`, then returns the security-log lines it added. */
export async function linesDuring(app: App, action: () => Promise<unknown>): Promise<SecurityLine[]> {
  const before = (await securityLines(app)).length;
  await action();
  return (await securityLines(app)).slice(before);
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** A JWT made by hand, to forge what the API must refuse. */
export function handMadeJwt(
  claims: Record<string, unknown>,
  { alg = 'HS256', secret = JWT_SECRET }: { alg?: 'HS256' | 'HS512' | 'none'; secret?: string } = {},
): string {
  const signingInput = `${base64url(JSON.stringify({ alg, typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  if (alg === 'none') return `${signingInput}.`;
  const digest = alg === 'HS256' ? 'sha256' : 'sha512';
  return `${signingInput}.${createHmac(digest, secret).update(signingInput).digest('base64url')}`;
}

/** Claims of a real token, decoded without verification. */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

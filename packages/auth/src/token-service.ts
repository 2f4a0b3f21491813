/**
 * Access tokens (JWT, HS256 only) and refresh tokens (random bytes, stored only as their sha256).
 *
 * The access token carries `sub` (user id), `role`, `tid` (tenant id or null) and `sid` (session family id);
 * verification pins HS256, so `alg: none` and every other algorithm are refused before the signature is looked at.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { JWT } from '@fastify/jwt';
import { z } from 'zod';
import { ROLES } from './roles.ts';

export const JWT_ALGORITHM = 'HS256';

const accessTokenClaimsSchema = z.object({
  sub: z.string().uuid(),
  role: z.enum(ROLES),
  tid: z.string().uuid().nullable(),
  sid: z.string().uuid(),
  /** Only on masquerade tokens (RFC 8693 style): the real actor and the masquerade's id. */
  act: z.object({ sub: z.string().uuid(), msid: z.string().uuid() }).strict().optional(),
  iat: z.number().int(),
  exp: z.number().int(),
});

export type AccessTokenClaims = z.infer<typeof accessTokenClaimsSchema>;
export type AccessTokenSubject = Pick<AccessTokenClaims, 'sub' | 'role' | 'tid' | 'sid' | 'act'>;
export type MasqueradeClaims = AccessTokenClaims & { act: NonNullable<AccessTokenClaims['act']> };

export type VerifiedAccessToken =
  | { ok: true; claims: AccessTokenClaims }
  | { ok: false; reason: 'expired' | 'invalid'; detail: string };

export interface TokenService {
  accessTokenTtlSeconds: number;
  /** `expiresInSeconds` overrides the default lifetime (a masquerade token lives as long as its masquerade). */
  signAccessToken(subject: AccessTokenSubject, expiresInSeconds?: number): string;
  verifyAccessToken(token: string): VerifiedAccessToken;
}

export function createTokenService(jwt: JWT, accessTokenTtlSeconds: number): TokenService {
  return {
    accessTokenTtlSeconds,
    signAccessToken: (subject, expiresInSeconds) =>
      expiresInSeconds === undefined
        ? jwt.sign(stripUndefined(subject))
        : jwt.sign(stripUndefined(subject), { expiresIn: expiresInSeconds }),
    verifyAccessToken(token) {
      let decoded: unknown;
      try {
        decoded = jwt.verify<object>(token);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === 'FAST_JWT_EXPIRED') return { ok: false, reason: 'expired', detail: 'expired' };
        return { ok: false, reason: 'invalid', detail: typeof code === 'string' ? code : 'unverifiable' };
      }
      const claims = accessTokenClaimsSchema.safeParse(decoded);
      if (!claims.success) return { ok: false, reason: 'invalid', detail: 'malformed claims' };
      return { ok: true, claims: claims.data };
    },
  };
}

function stripUndefined(subject: AccessTokenSubject): Record<string, unknown> {
  return Object.fromEntries(Object.entries(subject).filter(([, value]) => value !== undefined));
}

/** 32 random bytes, base64url: what the refresh cookie holds. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form. sha256 is enough: the token is 256 random bits, not a password to be guessed. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

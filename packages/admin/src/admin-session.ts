/**
 * The admin's cookie session: the API tokens of the signed-in user, and while masquerading the masquerade token
 * with the host it is valid on. One signed, httpOnly, SameSite=Strict cookie on /admin; the admin calls the JSON
 * API with these tokens, so the API's checks are the admin's checks.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

export const ADMIN_COOKIE = 'ss_admin';

const sessionSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  masquerade: z
    .object({ accessToken: z.string(), host: z.string(), expiresAt: z.string(), actorEmail: z.string(), targetEmail: z.string() })
    .optional(),
});

export type AdminSession = z.infer<typeof sessionSchema>;

export function readAdminSession(request: FastifyRequest): AdminSession | null {
  const signed = request.cookies[ADMIN_COOKIE];
  if (!signed) return null;
  const unsigned = request.unsignCookie(signed);
  if (!unsigned.valid || unsigned.value === null) return null;
  try {
    const parsed = sessionSchema.safeParse(JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeAdminSession(request: FastifyRequest, reply: FastifyReply, session: AdminSession): void {
  reply.setCookie(ADMIN_COOKIE, Buffer.from(JSON.stringify(session), 'utf8').toString('base64url'), {
    signed: true,
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: '/admin',
  });
}

export function clearAdminSession(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(ADMIN_COOKIE, { httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', path: '/admin' });
}

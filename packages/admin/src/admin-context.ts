/**
 * What every signed-in admin page starts from: the session, the API client, who is looking (from
 * `GET /api/auth/me`, so a revoked session or an ended masquerade shows at once) and a CSRF token for its forms.
 */
import { PLATFORM_ROLES, type Role } from '@smoothschedule/auth';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createAdminApi, type AdminApi } from './admin-api.ts';
import { clearAdminSession, readAdminSession, writeAdminSession, type AdminSession } from './admin-session.ts';
import type { Viewer } from './layout.ts';

export interface MeResponse {
  user: { id: string; email: string; role: Role; tenantId: string | null; firstName: string; lastName: string };
  actor: { userId: string; email: string; role: Role; masqueradeId: string; expiresAt: string } | null;
}

export interface AdminContext {
  session: AdminSession;
  api: AdminApi;
  me: MeResponse;
  viewer: Viewer;
  csrfToken: string;
  /** A notice to show once (e.g. the masquerade ended by itself). */
  notice: string | null;
}

/** Who may open the admin: platform staff on a platform host; a tenant owner on their tenant's host. */
export function adminAccessProblem(role: Role, onTenantHost: boolean): string | null {
  if (onTenantHost) return role === 'TENANT_OWNER' ? null : `The ${role} role cannot use the business admin`;
  return PLATFORM_ROLES.includes(role) ? null : `The ${role} role cannot use the platform admin`;
}

/** The signed-in context, or null after redirecting to the login page. */
export async function loadAdminContext(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<AdminContext | null> {
  const session = readAdminSession(request);
  if (session === null) {
    await reply.redirect('/admin/login');
    return null;
  }
  let notice: string | null = null;
  let api = createAdminApi(app, request, reply, session);
  let me = await api.call<MeResponse>('GET', '/api/auth/me');
  if (!me.ok && session.masquerade) {
    // The masquerade ended (expired, stopped elsewhere): back to the real identity.
    notice = `The masquerade as ${session.masquerade.targetEmail} has ended (${me.error?.message ?? 'refused'}).`;
    delete session.masquerade;
    writeAdminSession(request, reply, session);
    api = createAdminApi(app, request, reply, session);
    me = await api.call<MeResponse>('GET', '/api/auth/me');
  }
  if (!me.ok) {
    clearAdminSession(request, reply);
    await reply.redirect('/admin/login');
    return null;
  }
  const onTenantHost = Boolean(request.tenant);
  const realRole = me.body.actor?.role ?? me.body.user.role;
  const problem = adminAccessProblem(realRole, onTenantHost && !me.body.actor);
  if (problem !== null && !me.body.actor) {
    clearAdminSession(request, reply);
    await reply.redirect('/admin/login');
    return null;
  }
  const viewer: Viewer = {
    email: me.body.user.email,
    role: me.body.user.role,
    actor: me.body.actor ? { email: me.body.actor.email, role: me.body.actor.role, expiresAt: me.body.actor.expiresAt } : null,
    tenantScoped: onTenantHost || me.body.user.tenantId !== null,
  };
  return { session, api, me: me.body, viewer, csrfToken: reply.generateCsrf(), notice };
}

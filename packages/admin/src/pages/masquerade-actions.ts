/**
 * The admin's Masquerade and Stop buttons: POST /api/masquerade/start and /stop, with the masquerade token kept in
 * the session together with the host it is valid on (the target's tenant host, or the platform).
 */
import type { Database } from '@smoothschedule/db';
import type { FastifyInstance } from 'fastify';
import { loadAdminContext } from '../admin-context.ts';
import { writeAdminSession } from '../admin-session.ts';
import { formValue } from '../forms.ts';

interface Started {
  accessToken: string;
  user: { email: string; tenantId: string | null };
  actor: { email: string; expiresAt: string };
}

export async function masqueradeActions(app: FastifyInstance, { database }: { database: Database }): Promise<void> {
  /** The host a target's token is valid on: their tenant's primary domain, or this platform host. */
  const hostFor = async (tenantId: string | null, platformHost: string) => {
    if (tenantId === null) return platformHost;
    const domain = await database.shared.domain.findFirst({ where: { tenantId, isPrimary: true }, select: { domain: true } });
    return domain?.domain ?? platformHost;
  };

  app.post('/masquerade/start', { preHandler: app.csrfProtection }, async (request, reply) => {
    const context = await loadAdminContext(app, request, reply);
    if (context === null) return reply;
    const result = await context.api.call<Started>('POST', '/api/masquerade/start', {
      userId: formValue(request.body, 'userId') ?? '',
      ...(formValue(request.body, 'reason') ? { reason: formValue(request.body, 'reason') } : {}),
    });
    if (!result.ok) return reply.redirect(`/admin/users?done=${encodeURIComponent(`Masquerade refused: ${result.error?.message}`)}`);
    const started = result.body;
    context.session.masquerade = {
      accessToken: started.accessToken,
      host: await hostFor(started.user.tenantId, request.headers.host ?? 'localhost'),
      expiresAt: started.actor.expiresAt,
      actorEmail: started.actor.email,
      targetEmail: started.user.email,
    };
    writeAdminSession(request, reply, context.session);
    return reply.redirect('/admin/users');
  });

  app.post('/masquerade/stop', { preHandler: app.csrfProtection }, async (request, reply) => {
    const context = await loadAdminContext(app, request, reply);
    if (context === null) return reply;
    if (!context.session.masquerade) return reply.redirect('/admin/users');
    const result = await context.api.call<{ accessToken: string }>('POST', '/api/masquerade/stop');
    const target = context.session.masquerade.targetEmail;
    delete context.session.masquerade;
    if (result.ok) context.session.accessToken = result.body.accessToken;
    writeAdminSession(request, reply, context.session);
    const message = result.ok ? `Stopped masquerading as ${target}` : `The masquerade had already ended (${result.error?.message})`;
    return reply.redirect(`/admin/users?done=${encodeURIComponent(message)}`);
  });
}

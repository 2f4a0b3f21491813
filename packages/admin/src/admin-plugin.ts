/**
 * The admin (SPEC §9): server-rendered pages under /admin, a cookie session, CSRF tokens on every form, security
 * headers. Encapsulated (not fastify-plugin wrapped), so its form parser, CSRF check and headers stay inside /admin.
 * Every action calls the JSON API in-process, so its permission checks and audit are the admin's.
 */
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import type { Database } from '@smoothschedule/db';
import type { FastifyInstance } from 'fastify';
import { ADMIN_CSS, ADMIN_JS } from './admin-assets.ts';
import { auditPage } from './pages/audit-page.ts';
import { domainsPage } from './pages/domains-page.ts';
import { marketplacePage } from './pages/marketplace-page.ts';
import { grantsPage } from './pages/grants-page.ts';
import { loginRoutes } from './pages/login-routes.ts';
import { masqueradeActions } from './pages/masquerade-actions.ts';
import { tenantsPage } from './pages/tenants-page.ts';
import { usersPages } from './pages/users-pages.ts';

export interface AdminPluginOptions {
  database: Database;
}

export async function admin(app: FastifyInstance, { database }: AdminPluginOptions): Promise<void> {
  if (!app.hasDecorator('signCookie') && !app.hasRequestDecorator('unsignCookie')) {
    throw new Error('@smoothschedule/admin needs @fastify/cookie registered with a secret');
  }
  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        // Not forced here: behind TLS the proxy and HSTS do it; on plain-http hosts it would break every form.
        'upgrade-insecure-requests': null,
      },
    },
  });
  await app.register(fastifyCsrf, {
    cookieKey: 'ss_admin_csrf',
    cookieOpts: { path: '/admin', httpOnly: true, sameSite: 'strict', signed: true },
  });
  // The admin renders HTML: keep its pages out of the JSON API's OpenAPI document.
  app.addHook('onRoute', (route) => {
    route.schema = { ...(route.schema ?? {}), hide: true };
  });

  app.get('/assets/admin.css', async (_request, reply) => reply.type('text/css').header('cache-control', 'public, max-age=300').send(ADMIN_CSS));
  app.get('/assets/admin.js', async (_request, reply) => reply.type('text/javascript').header('cache-control', 'public, max-age=300').send(ADMIN_JS));
  // Tenants first for platform staff; a tenant owner's business admin starts with their users.
  app.get('/', async (request, reply) => reply.redirect(request.tenant ? '/admin/users' : '/admin/tenants'));

  await app.register(loginRoutes);
  await app.register(usersPages);
  await app.register(auditPage);
  await app.register(tenantsPage);
  await app.register(grantsPage);
  await app.register(domainsPage);
  await app.register(marketplacePage);
  await app.register(masqueradeActions, { database });
}

/** /admin/login and /admin/logout: the API's login, kept in the admin's cookie session. */
import type { FastifyInstance } from 'fastify';
import type { Role } from '@smoothschedule/auth';
import { adminAccessProblem } from '../admin-context.ts';
import { clearAdminSession, readAdminSession, writeAdminSession } from '../admin-session.ts';
import { csrfInput, formValue, inputField } from '../forms.ts';
import { html } from '../html.ts';
import { renderBarePage } from '../layout.ts';

function loginPage(csrfToken: string, values: { email?: string }, error: string | null, scope: string) {
  return renderBarePage(
    'Log in',
    html`<div class="login"><div class="card">
      <h1>Smooth Schedule</h1><p class="muted">${scope} — sign in to continue</p>
      ${error ? html`<div class="alert alert-error" role="alert">${error}</div>` : ''}
      <form method="post" action="/admin/login">
        ${csrfInput(csrfToken)}
        ${inputField({ name: 'email', label: 'Email', type: 'email', value: values.email ?? '', required: true })}
        ${inputField({ name: 'password', label: 'Password', type: 'password', required: true })}
        <button class="btn btn-primary" type="submit">Log in</button>
      </form>
    </div></div>`,
  );
}

export async function loginRoutes(app: FastifyInstance): Promise<void> {
  const scopeOf = (onTenantHost: boolean) => (onTenantHost ? 'Business admin' : 'Platform admin');

  app.get('/login', async (request, reply) => {
    if (readAdminSession(request) !== null) return reply.redirect('/admin');
    return reply.type('text/html').send(loginPage(reply.generateCsrf(), {}, null, scopeOf(Boolean(request.tenant))));
  });

  app.post('/login', { preHandler: app.csrfProtection }, async (request, reply) => {
    const email = formValue(request.body, 'email');
    const password = formValue(request.body, 'password');
    const host = request.headers.host ?? 'localhost';
    const scope = scopeOf(Boolean(request.tenant));
    const again = (status: number, message: string) =>
      reply.code(status).type('text/html').send(loginPage(reply.generateCsrf(), { email }, message, scope));

    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { host, 'user-agent': request.headers['user-agent'] ?? 'admin' },
      remoteAddress: request.ip,
      payload: { email: email ?? '', password: password ?? '' },
    });
    if (response.statusCode !== 200) {
      const message = response.json<{ error?: { message?: string } }>().error?.message ?? 'Login failed';
      return again(response.statusCode === 400 ? 400 : response.statusCode, response.statusCode === 400 ? 'Enter an email and a password' : message);
    }
    const body = response.json<{ accessToken: string; user: { role: Role } }>();
    const refreshToken = response.cookies.find((cookie) => cookie.name === 'ss_refresh')?.value ?? '';
    const problem = adminAccessProblem(body.user.role, Boolean(request.tenant));
    if (problem !== null) {
      // The API session it opened is closed again: this person has no business here.
      await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { host, authorization: `Bearer ${body.accessToken}` } });
      return again(403, problem);
    }
    writeAdminSession(request, reply, { accessToken: body.accessToken, refreshToken });
    return reply.redirect('/admin');
  });

  app.post('/logout', { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = readAdminSession(request);
    if (session !== null) {
      await app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { host: request.headers.host ?? 'localhost', authorization: `Bearer ${session.accessToken}` },
        cookies: { ss_refresh: session.refreshToken },
      });
    }
    clearAdminSession(request, reply);
    return reply.redirect('/admin/login');
  });
}

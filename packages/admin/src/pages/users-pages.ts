/**
 * /admin/users: the users the viewer may read (through GET /api/users), colour-coded by role, filtered by role and
 * tenant, with a Masquerade button on exactly the rows the masquerade matrix allows; create and edit forms.
 */
import { ROLES, type PublicUser, type Role } from '@smoothschedule/auth';
import { mayMasquerade } from '@smoothschedule/masquerade';
import type { FastifyInstance } from 'fastify';
import { loadAdminContext, type AdminContext } from '../admin-context.ts';
import { checkboxField, csrfInput, formErrorsOf, formValue, inputField, selectField, type FormErrors } from '../forms.ts';
import { html, type SafeHtml } from '../html.ts';
import { renderPage, roleBadge } from '../layout.ts';

const ROLE_CHOICES = [{ value: '', label: 'Any role' }, ...ROLES.map((role) => ({ value: role, label: role.replace(/_/g, ' ') }))];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function masqueradeButton(context: AdminContext, user: PublicUser): SafeHtml {
  const hijacker = { id: context.me.user.id, role: context.me.user.role, tenantId: context.me.user.tenantId, isMasquerading: context.me.actor !== null };
  if (!mayMasquerade(hijacker, user)) return html``;
  return html`<form method="post" action="/admin/masquerade/start" class="inline">${csrfInput(context.csrfToken)}
    <input type="hidden" name="userId" value="${user.id}">
    <button class="btn btn-small" type="submit" data-masquerade="${user.email}">Masquerade</button></form>`;
}

function usersTable(context: AdminContext, users: PublicUser[]): SafeHtml {
  if (users.length === 0) return html`<div class="empty">No users match.</div>`;
  return html`<table><thead><tr><th>Name</th><th>Email</th><th>Role</th><th>Tenant</th><th>Status</th><th>Last login</th><th></th></tr></thead>
  <tbody>${users.map(
    (user) => html`<tr data-user="${user.email}">
      <td>${user.firstName} ${user.lastName}</td><td>${user.email}</td><td>${roleBadge(user.role)}</td>
      <td class="muted">${user.tenantId ? html`<code>${user.tenantId.slice(0, 8)}</code>` : 'platform'}</td>
      <td>${user.isActive ? 'active' : html`<span class="muted">inactive</span>`}${user.isTemporary ? html` · <span class="muted">temporary</span>` : ''}</td>
      <td class="muted">${user.lastLogin ? user.lastLogin.slice(0, 16).replace('T', ' ') : 'never'}</td>
      <td class="actions">${masqueradeButton(context, user)} <a class="btn btn-small" href="/admin/users/${user.id}/edit">Edit</a></td>
    </tr>`,
  )}</tbody></table>`;
}

interface UserFormValues {
  email?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
  role?: string | undefined;
  tenantId?: string | undefined;
  isActive?: boolean;
  isTemporary?: boolean;
}

function userForm(context: AdminContext, action: string, values: UserFormValues, errors: FormErrors, creating: boolean): SafeHtml {
  return html`<div class="card"><h2>${creating ? 'New user' : 'Edit user'}</h2>
    ${errors.general ? html`<div class="alert alert-error" role="alert">${errors.general}</div>` : ''}
    <form method="post" action="${action}">${csrfInput(context.csrfToken)}
      <div class="form-grid">
        ${inputField({ name: 'email', label: 'Email', type: 'email', value: values.email, error: errors.fields.email, required: true })}
        ${creating ? inputField({ name: 'password', label: 'Password (10+ characters)', type: 'password', error: errors.fields.password, required: true }) : ''}
        ${inputField({ name: 'firstName', label: 'First name', value: values.firstName, error: errors.fields.firstName, required: true })}
        ${inputField({ name: 'lastName', label: 'Last name', value: values.lastName, error: errors.fields.lastName, required: true })}
        ${selectField({ name: 'role', label: 'Role', value: values.role, error: errors.fields.role, choices: ROLE_CHOICES.slice(1) })}
        ${creating && !context.viewer.tenantScoped ? inputField({ name: 'tenantId', label: 'Tenant id (tenant roles)', value: values.tenantId, error: errors.fields.tenantId }) : ''}
      </div>
      ${checkboxField({ name: 'isTemporary', label: 'Temporary (demo) account', checked: values.isTemporary ?? false })}
      ${creating ? '' : checkboxField({ name: 'isActive', label: 'Active', checked: values.isActive ?? true })}
      <button class="btn btn-primary" type="submit">${creating ? 'Create user' : 'Save changes'}</button>
      <a class="btn" href="/admin/users">Cancel</a>
    </form></div>`;
}

const USER_FIELDS = ['email', 'password', 'firstName', 'lastName', 'role', 'tenantId', 'isActive', 'isTemporary'];
const CODE_FIELDS = { EMAIL_TAKEN: 'email', ROLE_TENANT_MISMATCH: 'role', TENANT_NOT_FOUND: 'tenantId' };

export async function usersPages(app: FastifyInstance): Promise<void> {
  app.get('/users', async (request, reply) => {
    const context = await loadAdminContext(app, request, reply);
    if (context === null) return reply;
    const query = request.query as Record<string, string | undefined>;
    const role = ROLES.includes(query.role as Role) ? query.role : undefined;
    const tenantId = query.tenantId && UUID.test(query.tenantId) ? query.tenantId : undefined;
    const search = new URLSearchParams({ ...(role ? { role } : {}), ...(tenantId ? { tenantId } : {}) });
    const result = await context.api.call<{ users: PublicUser[] }>('GET', `/api/users${search.size ? `?${search}` : ''}`);
    // A tenant picker for those who may list tenants; a plain id field for the others (support, for example).
    const tenants = context.viewer.tenantScoped
      ? null
      : await context.api.call<{ tenants: Array<{ id: string; name: string }> }>('GET', '/api/platform/tenants?pageSize=100');
    const tenantFilter = tenants?.ok
      ? selectField({ name: 'tenantId', label: 'Tenant', value: tenantId ?? '', choices: [{ value: '', label: 'Any tenant' }, ...tenants.body.tenants.map((tenant) => ({ value: tenant.id, label: tenant.name }))] })
      : inputField({ name: 'tenantId', label: 'Tenant id', value: tenantId ?? '', placeholder: 'any tenant' });
    const flash = context.notice ? { kind: 'error' as const, message: context.notice } : query.done ? { kind: 'ok' as const, message: query.done } : null;
    const content = html`<div class="card"><form method="get" action="/admin/users" class="filters">
        ${selectField({ name: 'role', label: 'Role', value: role ?? '', choices: ROLE_CHOICES })}
        ${context.viewer.tenantScoped ? '' : tenantFilter}
        <div class="field"><button class="btn" type="submit">Filter</button></div>
        <div class="field" style="margin-left:auto"><a class="btn btn-primary" href="/admin/users/new">New user</a></div>
      </form></div>
      <div class="card">${result.ok ? usersTable(context, result.body.users) : html`<div class="alert alert-error">${result.error?.message}</div>`}</div>`;
    return reply.type('text/html').send(renderPage({ title: 'Users', viewer: context.viewer, csrfToken: context.csrfToken, active: 'users', content, flash }));
  });

  app.get('/users/new', async (request, reply) => {
    const context = await loadAdminContext(app, request, reply);
    if (context === null) return reply;
    const content = userForm(context, '/admin/users/new', { role: 'CUSTOMER' }, { fields: {}, general: null }, true);
    return reply.type('text/html').send(renderPage({ title: 'New user', viewer: context.viewer, csrfToken: context.csrfToken, active: 'users', content }));
  });

  app.post('/users/new', { preHandler: app.csrfProtection }, async (request, reply) => {
    const context = await loadAdminContext(app, request, reply);
    if (context === null) return reply;
    const values: UserFormValues = {
      email: formValue(request.body, 'email'),
      firstName: formValue(request.body, 'firstName'),
      lastName: formValue(request.body, 'lastName'),
      role: formValue(request.body, 'role'),
      tenantId: formValue(request.body, 'tenantId'),
      isTemporary: formValue(request.body, 'isTemporary') === 'on',
    };
    const password = formValue(request.body, 'password');
    const result = await context.api.call('POST', '/api/users', {
      email: values.email ?? '',
      password: password ?? '',
      firstName: values.firstName ?? '',
      lastName: values.lastName ?? '',
      role: values.role,
      isTemporary: values.isTemporary,
      ...(values.tenantId ? { tenantId: values.tenantId } : {}),
    });
    if (result.ok) return reply.redirect(`/admin/users?done=${encodeURIComponent(`Created ${values.email}`)}`);
    const content = userForm(context, '/admin/users/new', values, formErrorsOf(result.error, USER_FIELDS, CODE_FIELDS), true);
    return reply.code(result.status).type('text/html').send(renderPage({ title: 'New user', viewer: context.viewer, csrfToken: context.csrfToken, active: 'users', content }));
  });

  app.get('/users/:id/edit', async (request, reply) => {
    const context = await loadAdminContext(app, request, reply);
    if (context === null) return reply;
    const { id } = request.params as { id: string };
    const result = await context.api.call<PublicUser>('GET', `/api/users/${encodeURIComponent(id)}`);
    const content = result.ok
      ? userForm(context, `/admin/users/${result.body.id}/edit`, result.body as UserFormValues, { fields: {}, general: null }, false)
      : html`<div class="alert alert-error">${result.error?.message}</div>`;
    return reply.code(result.ok ? 200 : result.status).type('text/html').send(renderPage({ title: 'Edit user', viewer: context.viewer, csrfToken: context.csrfToken, active: 'users', content }));
  });

  app.post('/users/:id/edit', { preHandler: app.csrfProtection }, async (request, reply) => {
    const context = await loadAdminContext(app, request, reply);
    if (context === null) return reply;
    const { id } = request.params as { id: string };
    const current = await context.api.call<PublicUser>('GET', `/api/users/${encodeURIComponent(id)}`);
    if (!current.ok) return reply.code(current.status).type('text/html').send(renderPage({ title: 'Edit user', viewer: context.viewer, csrfToken: context.csrfToken, active: 'users', content: html`<div class="alert alert-error">${current.error?.message}</div>` }));
    const values: UserFormValues = {
      email: formValue(request.body, 'email'),
      firstName: formValue(request.body, 'firstName'),
      lastName: formValue(request.body, 'lastName'),
      role: formValue(request.body, 'role'),
      isActive: formValue(request.body, 'isActive') === 'on',
      isTemporary: formValue(request.body, 'isTemporary') === 'on',
    };
    // Only what changed is sent: an unchanged email is not an email change (refused while masquerading).
    const changes = Object.fromEntries(
      Object.entries({ ...values, email: values.email ?? '', firstName: values.firstName ?? '', lastName: values.lastName ?? '' }).filter(
        ([key, value]) => value !== undefined && value !== (current.body as unknown as Record<string, unknown>)[key],
      ),
    );
    const result = await context.api.call('PATCH', `/api/users/${current.body.id}`, changes);
    if (result.ok) return reply.redirect(`/admin/users?done=${encodeURIComponent(`Saved ${values.email ?? current.body.email}`)}`);
    const content = userForm(context, `/admin/users/${current.body.id}/edit`, values, formErrorsOf(result.error, USER_FIELDS, CODE_FIELDS), false);
    return reply.code(result.status).type('text/html').send(renderPage({ title: 'Edit user', viewer: context.viewer, csrfToken: context.csrfToken, active: 'users', content }));
  });
}

/**
 * /admin/grants: permission grants (GET /api/grants) with their derived status, a create form, a Revoke button per
 * grant and bulk revoke of the checked ones. Every change goes through the grants API and its rules and audit.
 */
import { GRANT_STATUSES, GRANTABLE_ACTIONS, type PublicUser } from '@smoothschedule/auth';
import type { FastifyInstance } from 'fastify';
import { loadAdminContext, type AdminContext } from '../admin-context.ts';
import { csrfInput, formErrorsOf, formValue, inputField, selectField, type FormErrors } from '../forms.ts';
import { html, type SafeHtml } from '../html.ts';
import { renderPage, statusBadge } from '../layout.ts';

interface Grant {
  id: string;
  grantorEmail: string;
  granteeEmail: string;
  action: string;
  tenantId: string | null;
  reason: string;
  createdAt: string;
  expiresAt: string;
  status: string;
}

type GrantFormValues = Partial<Record<'granteeId' | 'action' | 'tenantId' | 'reason' | 'durationMinutes', string>>;
const GRANT_FIELDS = ['granteeId', 'action', 'tenantId', 'reason', 'durationMinutes'];
const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

function grantsTable(context: AdminContext, grants: Grant[]): SafeHtml {
  if (grants.length === 0) return html`<div class="empty">No grants match.</div>`;
  return html`<form method="post" action="/admin/grants/revoke">${csrfInput(context.csrfToken)}
    <table><thead><tr><th></th><th>Grantee</th><th>Action</th><th>Tenant</th><th>Reason</th><th>Granted by</th><th>Expires (UTC)</th><th>Status</th><th></th></tr></thead>
    <tbody>${grants.map(
      (grant) => html`<tr data-grant="${grant.id}" data-grant-status="${grant.status}">
        <td>${grant.status === 'ACTIVE' ? html`<input type="checkbox" name="ids" value="${grant.id}" aria-label="Select grant">` : ''}</td>
        <td>${grant.granteeEmail}</td><td><code>${grant.action}</code></td>
        <td class="muted">${grant.tenantId ? html`<code>${grant.tenantId.slice(0, 8)}</code>` : 'all tenants'}</td>
        <td>${grant.reason}</td><td class="muted">${grant.grantorEmail}</td><td class="muted">${when(grant.expiresAt)}</td>
        <td>${statusBadge(grant.status)}</td>
        <td class="actions">${grant.status === 'ACTIVE' ? html`<button class="btn btn-small btn-danger" type="submit" formaction="/admin/grants/${grant.id}/revoke" data-revoke="${grant.id}">Revoke</button>` : ''}</td>
      </tr>`,
    )}</tbody></table>
    <div class="pager"><button class="btn btn-danger" type="submit" data-bulk-revoke>Revoke selected</button></div>
  </form>`;
}

function createForm(context: AdminContext, grantees: PublicUser[], values: GrantFormValues, errors: FormErrors): SafeHtml {
  return html`<div class="card" id="create"><h2>New grant</h2>
    ${errors.general ? html`<div class="alert alert-error" role="alert">${errors.general}</div>` : ''}
    <form method="post" action="/admin/grants/new">${csrfInput(context.csrfToken)}
      <div class="form-grid">
        ${selectField({ name: 'granteeId', label: 'Grantee', value: values.granteeId, error: errors.fields.granteeId, choices: grantees.map((user) => ({ value: user.id, label: `${user.email} (${user.role.replace(/_/g, ' ')})` })) })}
        ${selectField({ name: 'action', label: 'Action', value: values.action, error: errors.fields.action, choices: GRANTABLE_ACTIONS.map((action) => ({ value: action, label: action })) })}
        ${context.viewer.tenantScoped ? '' : inputField({ name: 'tenantId', label: 'Tenant id (empty: all tenants)', value: values.tenantId, error: errors.fields.tenantId })}
        ${inputField({ name: 'durationMinutes', label: 'Minutes (default 30)', type: 'number', value: values.durationMinutes, error: errors.fields.durationMinutes })}
        ${inputField({ name: 'reason', label: 'Reason', value: values.reason, error: errors.fields.reason, required: true })}
      </div>
      <button class="btn btn-primary" type="submit">Grant</button>
    </form></div>`;
}

export async function grantsPage(app: FastifyInstance): Promise<void> {
  const render = async (context: AdminContext, status: string | undefined, values: GrantFormValues, errors: FormErrors, flash: string | null) => {
    const [grants, users] = await Promise.all([
      context.api.call<{ grants: Grant[]; total: number }>('GET', `/api/grants?limit=100${status ? `&status=${status}` : ''}`),
      context.api.call<{ users: PublicUser[] }>('GET', '/api/users'),
    ]);
    const grantees = users.ok ? users.body.users.filter((user) => user.id !== context.me.user.id && user.isActive) : [];
    const content = html`<div class="card"><form method="get" action="/admin/grants" class="filters">
        ${selectField({ name: 'status', label: 'Status', value: status ?? '', choices: [{ value: '', label: 'Any status' }, ...GRANT_STATUSES.map((value) => ({ value, label: value }))] })}
        <div class="field"><button class="btn" type="submit">Filter</button></div></form>
        ${grants.ok ? grantsTable(context, grants.body.grants) : html`<div class="alert alert-error">${grants.error?.message}</div>`}</div>
      ${createForm(context, grantees, values, errors)}`;
    return renderPage({
      title: 'Permission grants',
      viewer: context.viewer,
      csrfToken: context.csrfToken,
      active: 'grants',
      content,
      flash: flash ? { kind: flash.startsWith('Refused') ? 'error' : 'ok', message: flash } : null,
    });
  };

  app.get('/grants', async (request, reply) => {
    const context = await loadAdminContext(app, request, reply);
    if (context === null) return reply;
    const query = request.query as Record<string, string | undefined>;
    const status = GRANT_STATUSES.includes(query.status as never) ? query.status : undefined;
    return reply.type('text/html').send(await render(context, status, {}, { fields: {}, general: null }, query.done ?? null));
  });

  app.post('/grants/new', { preHandler: app.csrfProtection }, async (request, reply) => {
    const context = await loadAdminContext(app, request, reply);
    if (context === null) return reply;
    const values: GrantFormValues = Object.fromEntries(GRANT_FIELDS.map((name) => [name, formValue(request.body, name)]));
    const minutes = values.durationMinutes === undefined ? undefined : Number(values.durationMinutes);
    const result = await context.api.call<Grant>('POST', '/api/grants', {
      granteeId: values.granteeId ?? '',
      action: values.action ?? '',
      reason: values.reason ?? '',
      ...(values.tenantId ? { tenantId: values.tenantId } : {}),
      ...(minutes === undefined ? {} : { durationMinutes: Number.isFinite(minutes) ? minutes : values.durationMinutes }),
    });
    if (result.ok) return reply.redirect(`/admin/grants?done=${encodeURIComponent(`Granted ${result.body.action} to ${result.body.granteeEmail}`)}`);
    return reply.code(result.status).type('text/html').send(await render(context, undefined, values, formErrorsOf(result.error, GRANT_FIELDS), null));
  });

  app.post('/grants/:id/revoke', { preHandler: app.csrfProtection }, async (request, reply) => {
    const context = await loadAdminContext(app, request, reply);
    if (context === null) return reply;
    const { id } = request.params as { id: string };
    const result = await context.api.call<Grant>('POST', `/api/grants/${encodeURIComponent(id)}/revoke`);
    return reply.redirect(`/admin/grants?done=${encodeURIComponent(result.ok ? `Revoked ${result.body.action} of ${result.body.granteeEmail}` : `Refused: ${result.error?.message}`)}`);
  });

  app.post('/grants/revoke', { preHandler: app.csrfProtection }, async (request, reply) => {
    const context = await loadAdminContext(app, request, reply);
    if (context === null) return reply;
    const raw = (request.body as Record<string, unknown> | null)?.ids;
    const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((id): id is string => typeof id === 'string');
    if (ids.length === 0) return reply.redirect(`/admin/grants?done=${encodeURIComponent('Refused: select at least one grant')}`);
    const result = await context.api.call<{ grants: Grant[] }>('POST', '/api/grants/revoke', { ids });
    return reply.redirect(`/admin/grants?done=${encodeURIComponent(result.ok ? `Revoked ${result.body.grants.length} grants` : `Refused: ${result.error?.message}`)}`);
  });
}

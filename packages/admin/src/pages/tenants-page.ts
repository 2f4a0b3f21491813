/**
 * /admin/tenants (platform hosts): the tenants the viewer manages (GET /api/platform/tenants) with tier, status,
 * domain and migration state; a create form (which provisions) and per-row tier and status changes.
 */
import { SUBSCRIPTION_TIERS, TENANT_STATUSES } from '@smoothschedule/db';
import type { FastifyInstance } from 'fastify';
import { loadAdminContext, type AdminContext } from '../admin-context.ts';
import { checkboxField, csrfInput, formErrorsOf, formValue, inputField, selectField, type FormErrors } from '../forms.ts';
import { html, type SafeHtml } from '../html.ts';
import { renderPage, statusBadge } from '../layout.ts';

interface Tenant {
  id: string;
  name: string;
  schemaName: string;
  subscriptionTier: string;
  status: string;
  isDemo: boolean;
  timezone: string;
  primaryDomain: string | null;
  migration: { version: string | null; lastError: string | null; lastRunAt: string | null } | null;
}

const TIER_CHOICES = SUBSCRIPTION_TIERS.map((tier) => ({ value: tier, label: tier }));
const STATUS_CHOICES = TENANT_STATUSES.map((status) => ({ value: status, label: status }));
const TENANT_FIELDS = ['name', 'schemaName', 'domain', 'subscriptionTier', 'status', 'isDemo', 'timezone'];

type TenantFormValues = Partial<Record<'name' | 'schemaName' | 'domain' | 'subscriptionTier' | 'timezone', string>> & { isDemo?: boolean };

function migrationCell(tenant: Tenant): SafeHtml {
  if (tenant.migration === null) return html`<span class="muted">not run</span>`;
  if (tenant.migration.lastError) return html`<span class="badge status-FAILED" title="${tenant.migration.lastError}">failed</span>`;
  return html`<code>${tenant.migration.version ?? '—'}</code>`;
}

function tenantRow(context: AdminContext, tenant: Tenant): SafeHtml {
  return html`<tr data-tenant="${tenant.schemaName}">
    <td><strong>${tenant.name}</strong>${tenant.isDemo ? html` <span class="badge status-TRIAL">demo</span>` : ''}<div class="muted"><code>${tenant.schemaName}</code> · ${tenant.timezone}</div></td>
    <td>${tenant.primaryDomain ?? '—'}</td>
    <td>${migrationCell(tenant)}</td>
    <td><form method="post" action="/admin/tenants/${tenant.id}" class="filters">${csrfInput(context.csrfToken)}
      ${selectField({ name: 'subscriptionTier', label: 'Tier', value: tenant.subscriptionTier, choices: TIER_CHOICES })}
      ${selectField({ name: 'status', label: 'Status', value: tenant.status, choices: STATUS_CHOICES })}
      <div class="field"><button class="btn btn-small" type="submit">Save</button></div></form></td>
    <td>${statusBadge(tenant.status)}</td>
  </tr>`;
}

function createForm(context: AdminContext, values: TenantFormValues, errors: FormErrors): SafeHtml {
  return html`<div class="card" id="create"><h2>New tenant</h2>
    ${errors.general ? html`<div class="alert alert-error" role="alert">${errors.general}</div>` : ''}
    <form method="post" action="/admin/tenants/new">${csrfInput(context.csrfToken)}
      <div class="form-grid">
        ${inputField({ name: 'name', label: 'Name', value: values.name, error: errors.fields.name, required: true })}
        ${inputField({ name: 'schemaName', label: 'Schema name', value: values.schemaName, error: errors.fields.schemaName, required: true, placeholder: 'tenant_acme' })}
        ${inputField({ name: 'domain', label: 'Primary domain', value: values.domain, error: errors.fields.domain, required: true, placeholder: 'acme.localhost' })}
        ${selectField({ name: 'subscriptionTier', label: 'Tier', value: values.subscriptionTier ?? 'FREE', error: errors.fields.subscriptionTier, choices: TIER_CHOICES })}
        ${inputField({ name: 'timezone', label: 'Time zone', value: values.timezone ?? 'UTC', error: errors.fields.timezone })}
      </div>
      ${checkboxField({ name: 'isDemo', label: 'Demo tenant', checked: values.isDemo ?? false })}
      <button class="btn btn-primary" type="submit">Create tenant</button>
    </form></div>`;
}

export async function tenantsPage(app: FastifyInstance): Promise<void> {
  const render = async (context: AdminContext, page: number, values: TenantFormValues, errors: FormErrors, flash: string | null) => {
    const result = await context.api.call<{ tenants: Tenant[]; total: number; page: number; pageSize: number }>('GET', `/api/platform/tenants?page=${page}&pageSize=50`);
    const list = !result.ok
      ? html`<div class="alert alert-error">${result.error?.message}</div>`
      : result.body.tenants.length === 0
        ? html`<div class="empty">No tenants yet.</div>`
        : html`<p class="muted">${result.body.total} tenants</p><table><thead><tr><th>Tenant</th><th>Domain</th><th>Migration</th><th>Tier and status</th><th></th></tr></thead>
          <tbody>${result.body.tenants.map((tenant) => tenantRow(context, tenant))}</tbody></table>
          <div class="pager">${page > 1 ? html`<a class="btn btn-small" href="/admin/tenants?page=${page - 1}">Previous</a>` : ''}
            ${page * result.body.pageSize < result.body.total ? html`<a class="btn btn-small" href="/admin/tenants?page=${page + 1}">Next</a>` : ''}</div>`;
    const content = html`<div class="card">${list}</div>${createForm(context, values, errors)}`;
    return renderPage({
      title: 'Tenants',
      viewer: context.viewer,
      csrfToken: context.csrfToken,
      active: 'tenants',
      content,
      flash: flash ? { kind: flash.startsWith('Refused') ? 'error' : 'ok', message: flash } : null,
    });
  };

  app.get('/tenants', async (request, reply) => {
    const context = await loadAdminContext(app, request, reply);
    if (context === null) return reply;
    const query = request.query as Record<string, string | undefined>;
    const page = Math.max(1, Math.min(100_000, Number.parseInt(query.page ?? '1', 10) || 1));
    return reply.type('text/html').send(await render(context, page, {}, { fields: {}, general: null }, query.done ?? null));
  });

  app.post('/tenants/new', { preHandler: app.csrfProtection }, async (request, reply) => {
    const context = await loadAdminContext(app, request, reply);
    if (context === null) return reply;
    const values: TenantFormValues = {
      name: formValue(request.body, 'name'),
      schemaName: formValue(request.body, 'schemaName'),
      domain: formValue(request.body, 'domain'),
      subscriptionTier: formValue(request.body, 'subscriptionTier'),
      timezone: formValue(request.body, 'timezone'),
      isDemo: formValue(request.body, 'isDemo') === 'on',
    };
    const result = await context.api.call<Tenant>('POST', '/api/platform/tenants', {
      name: values.name ?? '',
      schemaName: values.schemaName ?? '',
      domain: values.domain ?? '',
      ...(values.subscriptionTier ? { subscriptionTier: values.subscriptionTier } : {}),
      ...(values.timezone ? { timezone: values.timezone } : {}),
      isDemo: values.isDemo,
    });
    if (result.ok) return reply.redirect(`/admin/tenants?done=${encodeURIComponent(`Created ${result.body.name} on ${result.body.primaryDomain}`)}`);
    const errors = formErrorsOf(result.error, TENANT_FIELDS, { SCHEMA_NAME_TAKEN: 'schemaName', DOMAIN_TAKEN: 'domain', INVALID_SCHEMA_NAME: 'schemaName' });
    return reply.code(result.status).type('text/html').send(await render(context, 1, values, errors, null));
  });

  app.post('/tenants/:id', { preHandler: app.csrfProtection }, async (request, reply) => {
    const context = await loadAdminContext(app, request, reply);
    if (context === null) return reply;
    const { id } = request.params as { id: string };
    const result = await context.api.call<Tenant>('PATCH', `/api/platform/tenants/${encodeURIComponent(id)}`, {
      subscriptionTier: formValue(request.body, 'subscriptionTier'),
      status: formValue(request.body, 'status'),
    });
    const message = result.ok ? `Saved ${result.body.name}: ${result.body.subscriptionTier}, ${result.body.status}` : `Refused: ${result.error?.message}`;
    return reply.redirect(`/admin/tenants?done=${encodeURIComponent(message)}`);
  });
}

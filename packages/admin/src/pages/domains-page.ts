/**
 * /admin/domains (platform hosts): each tenant's domains with their Route53 record and verification status
 * (GET /api/platform/tenants/:id/domains), adding a custom domain, Verify and Remove.
 */
import type { FastifyInstance } from 'fastify';
import { loadAdminContext, type AdminContext } from '../admin-context.ts';
import { csrfInput, formValue } from '../forms.ts';
import { html, type SafeHtml } from '../html.ts';
import { renderPage, statusBadge } from '../layout.ts';

interface Domain {
  id: string;
  domain: string;
  isPrimary: boolean;
  isCustomDomain: boolean;
  route53ZoneId: string | null;
  verificationStatus: string;
  verificationError: string | null;
  message: string;
}

interface TenantDomains {
  tenant: { id: string; name: string; subscriptionTier: string };
  domains: Domain[];
  error: string | null;
}

function domainRows(context: AdminContext, { tenant, domains, error }: TenantDomains): SafeHtml {
  return html`<div class="card" data-tenant-domains="${tenant.id}"><h2>${tenant.name} <span class="muted">(${tenant.subscriptionTier})</span></h2>
    ${error ? html`<div class="alert alert-error">${error}</div>` : ''}
    <table><thead><tr><th>Domain</th><th>Kind</th><th>Route53 zone</th><th>Status</th><th></th></tr></thead><tbody>
    ${domains.map(
      (domain) => html`<tr data-domain="${domain.domain}">
        <td>${domain.domain}</td><td class="muted">${domain.isPrimary ? 'primary' : domain.isCustomDomain ? 'custom' : 'alias'}</td>
        <td class="muted">${domain.route53ZoneId ?? '—'}</td>
        <td>${statusBadge(domain.verificationStatus)} <span class="muted">${domain.verificationError ?? (domain.verificationStatus === 'VERIFIED' ? '' : domain.message)}</span></td>
        <td class="actions">${domain.isCustomDomain
          ? html`<form method="post" action="/admin/domains/${domain.id}/verify" class="inline">${csrfInput(context.csrfToken)}<button class="btn btn-small" type="submit">Verify</button></form>
            <form method="post" action="/admin/domains/${domain.id}/remove" class="inline">${csrfInput(context.csrfToken)}<button class="btn btn-small btn-danger" type="submit">Remove</button></form>`
          : ''}</td></tr>`,
    )}</tbody></table>
    <form method="post" action="/admin/domains/add" class="filters" style="margin-top:12px">${csrfInput(context.csrfToken)}
      <input type="hidden" name="tenantId" value="${tenant.id}">
      <div class="field"><label for="d-${tenant.id}">Custom domain</label><input id="d-${tenant.id}" name="domain" placeholder="book.example.com"></div>
      <div class="field"><button class="btn" type="submit">Add custom domain</button></div></form>
  </div>`;
}

export async function domainsPage(app: FastifyInstance): Promise<void> {
  app.get('/domains', async (request, reply) => {
    const context = await loadAdminContext(app, request, reply);
    if (context === null) return reply;
    const query = request.query as Record<string, string | undefined>;
    const tenants = await context.api.call<{ tenants: TenantDomains['tenant'][] }>('GET', '/api/platform/tenants?pageSize=50');
    const sections: TenantDomains[] = [];
    for (const tenant of tenants.ok ? tenants.body.tenants : []) {
      const result = await context.api.call<{ domains: Domain[] }>('GET', `/api/platform/tenants/${tenant.id}/domains`);
      sections.push({ tenant, domains: result.ok ? result.body.domains : [], error: result.ok ? null : (result.error?.message ?? 'refused') });
    }
    const content = tenants.ok
      ? html`${sections.map((section) => domainRows(context, section))}`
      : html`<div class="alert alert-error">${tenants.error?.message}</div>`;
    const flash = query.done ? { kind: query.done.startsWith('Refused') ? ('error' as const) : ('ok' as const), message: query.done } : null;
    return reply.type('text/html').send(renderPage({ title: 'Domains', viewer: context.viewer, csrfToken: context.csrfToken, active: 'domains', content, flash }));
  });

  const act = (path: string, method: 'POST' | 'DELETE', url: (body: unknown, id: string) => string, payload: (body: unknown) => unknown, done: string) =>
    app.post(path, { preHandler: app.csrfProtection }, async (request, reply) => {
      const context = await loadAdminContext(app, request, reply);
      if (context === null) return reply;
      const { id = '' } = request.params as { id?: string };
      const result = await context.api.call<Domain | null>(method, url(request.body, encodeURIComponent(id)), payload(request.body));
      const message = result.ok ? `${done}${result.body ? ` ${result.body.domain}: ${result.body.verificationStatus}` : ''}` : `Refused: ${result.error?.message}`;
      return reply.redirect(`/admin/domains?done=${encodeURIComponent(message)}`);
    });

  act('/domains/add', 'POST', (body) => `/api/platform/tenants/${encodeURIComponent(formValue(body, 'tenantId') ?? '-')}/domains`, (body) => ({ domain: formValue(body, 'domain') ?? '' }), 'Added');
  act('/domains/:id/verify', 'POST', (_body, id) => `/api/platform/domains/${id}/verify`, () => undefined, 'Checked');
  act('/domains/:id/remove', 'DELETE', (_body, id) => `/api/platform/domains/${id}`, () => undefined, 'Removed the domain');
}

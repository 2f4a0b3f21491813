/**
 * /admin/marketplace: the plugin catalog with its live install counts and ratings (GET /api/marketplace/plugins),
 * filtered by category and searched by text. A tenant owner's business admin also shows which plugins their
 * business has installed.
 */
import type { FastifyInstance } from 'fastify';
import { loadAdminContext } from '../admin-context.ts';
import { inputField, selectField } from '../forms.ts';
import { html, type SafeHtml } from '../html.ts';
import { renderPage } from '../layout.ts';

interface CatalogPlugin {
  slug: string;
  name: string;
  author: string;
  version: string;
  shortDescription: string;
  category: string;
  isPlatform: boolean;
  installCount: number;
  ratingCount: number;
  ratingAverage: number | null;
  installed?: boolean;
}

const CATEGORIES = ['notifications', 'scheduling', 'customers', 'integrations'] as const;

/** Five stars filled to the nearest half, with the figures next to them for screen readers and tests. */
function rating(plugin: CatalogPlugin): SafeHtml {
  if (plugin.ratingAverage === null) return html`<span class="muted" data-rating="none">No ratings yet</span>`;
  const filled = Math.round(plugin.ratingAverage);
  return html`<span class="stars" aria-hidden="true">${'★'.repeat(filled)}<span class="stars-empty">${'★'.repeat(5 - filled)}</span></span>
    <span data-rating="${plugin.ratingAverage.toFixed(2)}">${plugin.ratingAverage.toFixed(1)}</span>
    <span class="muted">(<span data-rating-count>${plugin.ratingCount}</span> ${plugin.ratingCount === 1 ? 'rating' : 'ratings'})</span>`;
}

function pluginRow(plugin: CatalogPlugin, tenantScoped: boolean): SafeHtml {
  return html`<tr data-plugin="${plugin.slug}">
    <td><strong>${plugin.name}</strong> ${plugin.isPlatform ? html`<span class="badge status-VERIFIED">platform</span>` : ''}
      ${tenantScoped && plugin.installed ? html`<span class="badge status-ACTIVE" data-installed>installed</span>` : ''}
      <div class="muted">${plugin.shortDescription}</div></td>
    <td><code>${plugin.category}</code></td>
    <td class="muted">${plugin.author}<br>v${plugin.version}</td>
    <td data-install-count="${plugin.installCount}">${plugin.installCount}</td>
    <td>${rating(plugin)}</td></tr>`;
}

export async function marketplacePage(app: FastifyInstance): Promise<void> {
  app.get('/marketplace', async (request, reply) => {
    const context = await loadAdminContext(app, request, reply);
    if (context === null) return reply;
    const query = request.query as Record<string, string | undefined>;
    const category = CATEGORIES.find((candidate) => candidate === query.category);
    const search = query.search?.trim() || undefined;
    const params = new URLSearchParams();
    if (category) params.set('category', category);
    if (search) params.set('search', search);
    const result = await context.api.call<{ plugins: CatalogPlugin[] }>('GET', `/api/marketplace/plugins${params.size > 0 ? `?${params}` : ''}`);
    const plugins = result.ok ? result.body.plugins : [];
    const content = html`<div class="card"><form method="get" action="/admin/marketplace" class="filters">
        ${selectField({ name: 'category', label: 'Category', value: category ?? '', choices: [{ value: '', label: 'All categories' }, ...CATEGORIES.map((value) => ({ value, label: value }))] })}
        ${inputField({ name: 'search', label: 'Search', value: search })}
        <div class="field"><button class="btn" type="submit">Filter</button></div>
      </form></div>
      <div class="card">${
        !result.ok
          ? html`<div class="alert alert-error">${result.error?.message}</div>`
          : plugins.length === 0
            ? html`<div class="empty">No plugins match.</div>`
            : html`<table><thead><tr><th>Plugin</th><th>Category</th><th>Author</th><th>Installs</th><th>Rating</th></tr></thead>
              <tbody>${plugins.map((plugin) => pluginRow(plugin, context.viewer.tenantScoped))}</tbody></table>`
      }</div>`;
    return reply.type('text/html').send(renderPage({ title: 'Marketplace', viewer: context.viewer, csrfToken: context.csrfToken, active: 'marketplace', content }));
  });
}

/** The page shell: sidebar, top bar with the signed-in identity, the masquerade banner, flash messages. */
import { html, type SafeHtml } from './html.ts';

export interface Viewer {
  email: string;
  role: string;
  /** Set while masquerading: the real person, and when the masquerade ends. */
  actor: { email: string; role: string; expiresAt: string } | null;
  /** Where the viewer works: a tenant host (tenant owner view) or the platform. */
  tenantScoped: boolean;
}

export interface PageOptions {
  title: string;
  viewer: Viewer;
  csrfToken: string;
  active: string;
  content: SafeHtml;
  flash?: { kind: 'ok' | 'error'; message: string } | null;
}

/** The pages of the sidebar, in order; platformOnly pages are hidden in a tenant owner's business admin. */
const NAV: Array<{ key: string; label: string; href: string; platformOnly?: boolean }> = [
  { key: 'tenants', label: 'Tenants', href: '/admin/tenants', platformOnly: true },
  { key: 'users', label: 'Users', href: '/admin/users' },
  { key: 'grants', label: 'Permission grants', href: '/admin/grants' },
  { key: 'domains', label: 'Domains', href: '/admin/domains', platformOnly: true },
  { key: 'audit', label: 'Audit', href: '/admin/audit' },
  { key: 'marketplace', label: 'Marketplace', href: '/admin/marketplace' },
];

export const roleBadge = (role: string) => html`<span class="badge role-${role}" data-role="${role}">${role.replace(/_/g, ' ')}</span>`;
export const statusBadge = (status: string) => html`<span class="badge status-${status}" data-status="${status}">${status}</span>`;

function minutesLeft(expiresAt: string): number {
  return Math.max(0, Math.ceil((Date.parse(expiresAt) - Date.now()) / 60_000));
}

function banner(viewer: Viewer, csrfToken: string): SafeHtml {
  if (viewer.actor === null) return html``;
  const minutes = minutesLeft(viewer.actor.expiresAt);
  return html`<div class="masquerade-banner" id="masquerade-banner" role="status">
    <div><strong>Masquerading.</strong> You are <strong data-testid="real-identity">${viewer.actor.email}</strong>
      (${viewer.actor.role.replace(/_/g, ' ')}) acting as <strong data-testid="target-identity">${viewer.email}</strong>
      (${viewer.role.replace(/_/g, ' ')}) — <span data-masquerade-expires="${viewer.actor.expiresAt}">${minutes} minutes</span> left.</div>
    <form method="post" action="/admin/masquerade/stop" class="inline">
      <input type="hidden" name="_csrf" value="${csrfToken}">
      <button class="btn btn-primary" type="submit">Stop masquerading</button>
    </form>
  </div>`;
}

export function renderPage(options: PageOptions): string {
  const { viewer, csrfToken } = options;
  const links = NAV.filter((item) => !(item.platformOnly && viewer.tenantScoped));
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Smooth Schedule admin</title><link rel="stylesheet" href="/admin/assets/admin.css"></head>
<body>${banner(viewer, csrfToken)}
<div class="shell">
  <aside class="sidebar">
    <div class="brand">Smooth Schedule<small>${viewer.tenantScoped ? 'Business admin' : 'Platform admin'}</small></div>
    <nav>${links.map((item) => html`<a href="${item.href}" class="${item.key === options.active ? 'active' : ''}">${item.label}</a>`)}</nav>
  </aside>
  <main class="main">
    <div class="topbar"><h1>${options.title}</h1>
      <div class="identity"><span data-testid="identity">${viewer.email}</span> ${roleBadge(viewer.role)}
        <form method="post" action="/admin/logout" class="inline"><input type="hidden" name="_csrf" value="${csrfToken}">
        <button class="btn btn-small" type="submit">Log out</button></form></div>
    </div>
    ${options.flash ? html`<div class="alert alert-${options.flash.kind}" role="alert">${options.flash.message}</div>` : ''}
    ${options.content}
  </main>
</div>
<script src="/admin/assets/admin.js"></script>
</body></html>`.value;
}

/** A page for someone not signed in (the login form). */
export function renderBarePage(title: string, content: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Smooth Schedule admin</title><link rel="stylesheet" href="/admin/assets/admin.css"></head>
<body>${content}</body></html>`.value;
}

/**
 * /admin/audit: the audit trail (GET /api/audit) and the security log (GET /api/audit/security), each with its
 * filters; a tenant owner sees their tenant's events.
 */
import type { FastifyInstance } from 'fastify';
import { loadAdminContext } from '../admin-context.ts';
import { inputField, selectField } from '../forms.ts';
import { html } from '../html.ts';
import { renderPage } from '../layout.ts';

const SECURITY_EVENTS = [
  'login.success', 'login.failure', 'login.rate_limited', 'logout', 'refresh.success', 'refresh.failure', 'refresh.reuse',
  'token.refused', 'password.changed', 'password.change_failed', 'register', 'permission.denied', 'grant.created',
  'grant.revoked', 'grant.denied',
];

interface SecurityEvent {
  time: string;
  event: string;
  email?: string | null;
  ip?: string | null;
  tenant?: string | null;
  reason?: string;
}

const ACTIONS = ['HIJACK_START', 'HIJACK_END', 'HIJACK_DENIED', 'HIJACK_EXPIRED', 'GRANT_CREATED', 'GRANT_DENIED', 'GRANT_REVOKED'];

interface AuditEvent {
  id: string;
  occurredAt: string;
  action: string;
  actorEmail: string | null;
  targetEmail: string | null;
  ipAddress: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}

/** `datetime-local` values carry no offset: the form says they are UTC. */
const asUtc = (value: string | undefined) => (value && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00Z` : undefined);

export async function auditPage(app: FastifyInstance): Promise<void> {
  app.get('/audit', async (request, reply) => {
    const context = await loadAdminContext(app, request, reply);
    if (context === null) return reply;
    const query = request.query as Record<string, string | undefined>;
    const filters = {
      action: ACTIONS.includes(query.action ?? '') ? query.action : undefined,
      actor: query.actor?.trim() || undefined,
      target: query.target?.trim() || undefined,
      from: asUtc(query.from),
      to: asUtc(query.to),
    };
    const search = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => entry[1] !== undefined));
    search.set('limit', '100');
    const result = await context.api.call<{ events: AuditEvent[]; total: number }>('GET', `/api/audit?${search}`);
    const securityFilters = {
      event: SECURITY_EVENTS.includes(query.event ?? '') ? query.event : undefined,
      user: query.user?.trim() || undefined,
    };
    const securitySearch = new URLSearchParams(Object.entries(securityFilters).filter((entry): entry is [string, string] => entry[1] !== undefined));
    securitySearch.set('limit', '100');
    const security = await context.api.call<{ events: SecurityEvent[] }>('GET', `/api/audit/security?${securitySearch}`);
    const rows = result.ok ? result.body.events : [];
    const content = html`<div class="card"><form method="get" action="/admin/audit" class="filters">
        ${selectField({ name: 'action', label: 'Action', value: filters.action ?? '', choices: [{ value: '', label: 'Any action' }, ...ACTIONS.map((action) => ({ value: action, label: action }))] })}
        ${inputField({ name: 'actor', label: 'Actor (email or id)', value: filters.actor })}
        ${inputField({ name: 'target', label: 'Target (email or id)', value: filters.target })}
        ${inputField({ name: 'from', label: 'From (UTC)', type: 'datetime-local', value: query.from })}
        ${inputField({ name: 'to', label: 'To (UTC)', type: 'datetime-local', value: query.to })}
        <div class="field"><button class="btn" type="submit">Filter</button></div>
      </form></div>
      <div class="card">${
        !result.ok
          ? html`<div class="alert alert-error">${result.error?.message}</div>`
          : rows.length === 0
            ? html`<div class="empty">No events match.</div>`
            : html`<p class="muted">${result.body.total} events${result.body.total > rows.length ? ` (newest ${rows.length} shown)` : ''}</p>
              <table><thead><tr><th>When (UTC)</th><th>Action</th><th>Actor</th><th>Target</th><th>IP</th><th>Reason</th></tr></thead>
              <tbody>${rows.map(
                (event) => html`<tr data-audit-action="${event.action}">
                  <td class="muted">${event.occurredAt.slice(0, 19).replace('T', ' ')}</td><td><code>${event.action}</code></td>
                  <td>${event.actorEmail ?? '—'}</td><td>${event.targetEmail ?? '—'}</td><td class="muted">${event.ipAddress ?? ''}</td>
                  <td>${event.reason ?? ''}${typeof event.details.denialReason === 'string' ? html` <span class="muted">(${event.details.denialReason})</span>` : ''}</td></tr>`,
              )}</tbody></table>`
      }</div>
      <div class="card" id="security"><h2>Security events</h2>
        <form method="get" action="/admin/audit#security" class="filters">
          ${selectField({ name: 'event', label: 'Event', value: securityFilters.event ?? '', choices: [{ value: '', label: 'Any event' }, ...SECURITY_EVENTS.map((event) => ({ value: event, label: event }))] })}
          ${inputField({ name: 'user', label: 'User (email or id)', value: securityFilters.user })}
          <div class="field"><button class="btn" type="submit">Filter</button></div>
        </form>
        ${
          !security.ok
            ? html`<div class="alert alert-error">${security.error?.message}</div>`
            : security.body.events.length === 0
              ? html`<div class="empty">No security events match.</div>`
              : html`<table><thead><tr><th>When (UTC)</th><th>Event</th><th>User</th><th>Tenant</th><th>IP</th><th>Reason</th></tr></thead>
                <tbody>${security.body.events.map(
                  (event) => html`<tr data-security-event="${event.event}"><td class="muted">${event.time.slice(0, 19).replace('T', ' ')}</td>
                    <td><code>${event.event}</code></td><td>${event.email ?? '—'}</td><td class="muted">${event.tenant ?? ''}</td>
                    <td class="muted">${event.ip ?? ''}</td><td>${event.reason ?? ''}</td></tr>`,
                )}</tbody></table>`
        }</div>`;
    return reply.type('text/html').send(renderPage({ title: 'Audit', viewer: context.viewer, csrfToken: context.csrfToken, active: 'audit', content }));
  });
}

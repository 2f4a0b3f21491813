/**
 * The admin's stylesheet and its one script, served from /admin/assets so that the Content-Security-Policy can
 * stay at 'self' (no inline styles or scripts).
 */
export const ADMIN_CSS = `
:root { --bg:#f5f6fa; --panel:#fff; --ink:#1f2430; --muted:#6b7280; --line:#e5e7eb; --brand:#4f46e5; --brand-ink:#fff;
  --danger:#dc2626; --warn-bg:#fff7e6; --warn-line:#f59e0b; --ok:#059669; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--ink); background:var(--bg); }
a { color:var(--brand); text-decoration:none; } a:hover { text-decoration:underline; }
.shell { display:grid; grid-template-columns:220px 1fr; min-height:100vh; }
.sidebar { background:#111827; color:#cbd5e1; padding:20px 14px; }
.sidebar .brand { color:#fff; font-weight:700; font-size:16px; margin:0 8px 20px; letter-spacing:.2px; }
.sidebar .brand small { display:block; color:#94a3b8; font-weight:400; font-size:12px; }
.sidebar nav a { display:block; color:#cbd5e1; padding:8px 10px; border-radius:6px; margin-bottom:2px; }
.sidebar nav a:hover { background:#1f2937; text-decoration:none; }
.sidebar nav a.active { background:var(--brand); color:#fff; }
.main { padding:0 28px 40px; }
.topbar { display:flex; justify-content:space-between; align-items:center; padding:16px 0; border-bottom:1px solid var(--line); margin-bottom:20px; }
.topbar h1 { font-size:20px; margin:0; }
.identity { display:flex; gap:10px; align-items:center; color:var(--muted); }
.card { background:var(--panel); border:1px solid var(--line); border-radius:10px; padding:18px; margin-bottom:18px; box-shadow:0 1px 2px rgba(0,0,0,.03); }
.card h2 { font-size:15px; margin:0 0 12px; }
table { width:100%; border-collapse:collapse; }
th, td { text-align:left; padding:9px 10px; border-bottom:1px solid var(--line); vertical-align:middle; }
th { font-size:12px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); font-weight:600; background:#fafafa; }
tbody tr:hover { background:#f9fafb; }
.badge { display:inline-block; padding:2px 8px; border-radius:999px; font-size:11px; font-weight:600; letter-spacing:.02em; }
.role-SUPERUSER { background:#fee2e2; color:#991b1b; } .role-PLATFORM_MANAGER { background:#ede9fe; color:#5b21b6; }
.role-PLATFORM_SALES { background:#ccfbf1; color:#115e59; } .role-PLATFORM_SUPPORT { background:#dbeafe; color:#1e40af; }
.role-TENANT_OWNER { background:#e0e7ff; color:#3730a3; } .role-TENANT_MANAGER { background:#dcfce7; color:#166534; }
.role-TENANT_STAFF { background:#f1f5f9; color:#334155; } .role-CUSTOMER { background:#f3f4f6; color:#4b5563; }
.status-ACTIVE { background:#dcfce7; color:#166534; } .status-EXPIRED { background:#f3f4f6; color:#4b5563; }
.status-REVOKED { background:#fee2e2; color:#991b1b; } .status-PENDING { background:#fef3c7; color:#92400e; }
.status-VERIFIED { background:#dcfce7; color:#166534; } .status-FAILED { background:#fee2e2; color:#991b1b; }
.status-TRIAL { background:#e0f2fe; color:#075985; } .status-SUSPENDED { background:#fee2e2; color:#991b1b; }
.muted { color:var(--muted); }
.btn { display:inline-block; border:1px solid var(--line); background:#fff; color:var(--ink); padding:6px 12px; border-radius:6px; font:inherit; cursor:pointer; }
.btn:hover { background:#f3f4f6; text-decoration:none; }
.btn-primary { background:var(--brand); border-color:var(--brand); color:var(--brand-ink); }
.btn-primary:hover { background:#4338ca; }
.btn-danger { color:var(--danger); border-color:#fecaca; }
.btn-small { padding:3px 9px; font-size:12px; }
form.inline { display:inline; margin:0; }
.filters { display:flex; gap:10px; align-items:flex-end; flex-wrap:wrap; }
.field { display:flex; flex-direction:column; gap:4px; margin-bottom:12px; min-width:180px; }
.field label { font-size:12px; font-weight:600; color:#374151; }
.field input, .field select, .field textarea { padding:7px 9px; border:1px solid #d1d5db; border-radius:6px; font:inherit; background:#fff; }
.field.has-error input, .field.has-error select { border-color:var(--danger); }
.field .error { color:var(--danger); font-size:12px; }
.form-grid { display:grid; grid-template-columns:repeat(auto-fill,minmax(220px,1fr)); gap:0 16px; }
.alert { padding:10px 14px; border-radius:8px; margin-bottom:16px; border:1px solid; }
.alert-error { background:#fef2f2; border-color:#fecaca; color:#991b1b; }
.alert-ok { background:#ecfdf5; border-color:#a7f3d0; color:#065f46; }
.masquerade-banner { background:var(--warn-bg); border-bottom:2px solid var(--warn-line); padding:10px 28px; display:flex; justify-content:space-between; align-items:center; gap:16px; }
.masquerade-banner strong { color:#92400e; }
.login { max-width:380px; margin:12vh auto; }
.login .card { padding:28px; }
.login h1 { font-size:20px; margin:0 0 4px; }
.empty { padding:24px; text-align:center; color:var(--muted); }
.pager { display:flex; gap:8px; margin-top:12px; }
td.actions { text-align:right; white-space:nowrap; }
td form.filters { flex-wrap:nowrap; align-items:center; }
td form.filters .field { margin:0; min-width:0; }
/* Labels stay for screen readers; the column header says what the controls are. */
td form.filters .field label { position:absolute; left:-9999px; }
.stars { color:#f59e0b; letter-spacing:1px; }
.stars-empty { color:#d1d5db; }
code { background:#f3f4f6; padding:1px 5px; border-radius:4px; font-size:12px; }
`;

/** Counts the masquerade's remaining minutes down in the banner (the page works without it). */
export const ADMIN_JS = `
(function () {
  var el = document.querySelector('[data-masquerade-expires]');
  if (!el) return;
  var ends = Date.parse(el.getAttribute('data-masquerade-expires'));
  function tick() {
    var minutes = Math.max(0, Math.ceil((ends - Date.now()) / 60000));
    el.textContent = minutes + (minutes === 1 ? ' minute' : ' minutes');
  }
  tick();
  setInterval(tick, 15000);
})();
`;

/**
 * The complete masquerade matrix over HTTP: every hijacker role × every target role × same tenant / other tenant /
 * platform × temporary or not × active or not, asserted against a table written from SPEC §5 — and each attempt
 * leaves exactly one masquerade.log line and one audit row with the right action.
 */
import { ROLES, type Role } from '@smoothschedule/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { createApiFixture, TENANT_A, TENANT_B, type ApiFixture } from './api-test-app.ts';
import { createUser, HOSTS, login, me, tenantIdOf } from './auth-test-support.ts';
import { PLATFORM, specAllows, TENANT } from './masquerade-spec-table.ts';
import { buildMasqueradeApp, startMasquerade, stopMasquerade, trailDuring } from './masquerade-test-support.ts';

type Placement = 'same tenant' | 'other tenant' | 'platform';

interface TargetSpec {
  placement: Placement;
  role: Role;
  temporary: boolean;
  active: boolean;
}

const TARGETS: TargetSpec[] = (['same tenant', 'other tenant', 'platform'] as const).flatMap((placement) =>
  (placement === 'platform' ? PLATFORM : TENANT).flatMap((role) =>
    [false, true].flatMap((temporary) => [true, false].map((active) => ({ placement, role, temporary, active }))),
  ),
);

const emailOf = (target: TargetSpec) =>
  `${target.placement.replace(' ', '-')}.${target.role.toLowerCase()}.${target.temporary ? 'temp' : 'perm'}.${target.active ? 'on' : 'off'}@matrix.test`;

/** The expected HTTP status of `hijacker` starting a masquerade as `target` (hijackers of a tenant role are in A). */
function expectedStatus(hijacker: Role, target: TargetSpec): number {
  // A tenant user never learns about users outside their tenant.
  if (TENANT.includes(hijacker) && target.placement !== 'same tenant') return 404;
  const tenantOf = (placement: Placement) => (placement === 'platform' ? null : placement === 'same tenant' ? 'A' : 'B');
  const allowed = specAllows(
    { id: 'hijacker', role: hijacker, tenantId: TENANT.includes(hijacker) ? 'A' : null },
    { id: 'target', role: target.role, tenantId: tenantOf(target.placement), isActive: target.active, isTemporary: target.temporary },
  );
  return allowed ? 200 : 403;
}

const hostOf = (placement: Placement) => (placement === 'platform' ? HOSTS.platform : placement === 'same tenant' ? HOSTS.alpha : HOSTS.beta);

let fixture: ApiFixture;
let app: App;
let logDir: string;
const hijackers = new Map<Role, { id: string; email: string; accessToken: string; host: string }>();
const targetIds = new Map<string, string>();

beforeAll(async () => {
  fixture = await createApiFixture();
  ({ app, logDir } = await buildMasqueradeApp(fixture.database));
  const tenantA = await tenantIdOf(fixture.database, TENANT_A.schemaName);
  const tenantB = await tenantIdOf(fixture.database, TENANT_B.schemaName);
  for (const role of ROLES) {
    const email = `hijacker.${role.toLowerCase()}@matrix.test`;
    const tenantId = TENANT.includes(role) ? tenantA : null;
    const user = await createUser(fixture.database, { email, role, tenantId });
    const host = tenantId === null ? HOSTS.platform : HOSTS.alpha;
    const { accessToken } = await login(app, host, email);
    hijackers.set(role, { id: user.id, email, accessToken, host });
  }
  for (const target of TARGETS) {
    const tenantId = target.placement === 'platform' ? null : target.placement === 'same tenant' ? tenantA : tenantB;
    const user = await createUser(fixture.database, {
      email: emailOf(target),
      role: target.role,
      tenantId,
      isActive: target.active,
      isTemporary: target.temporary,
    });
    targetIds.set(emailOf(target), user.id);
  }
}, 120_000);

afterAll(async () => {
  await app?.close();
  await fixture?.close();
});

describe.each(ROLES)('hijacker %s', (hijackerRole) => {
  it.each(TARGETS.map((target) => [`${target.role} (${target.placement}, ${target.temporary ? 'temporary' : 'permanent'}, ${target.active ? 'active' : 'inactive'})`, target] as const))(
    'as %s',
    async (_name, target) => {
      const hijacker = hijackers.get(hijackerRole)!;
      const targetEmail = emailOf(target);
      const expected = expectedStatus(hijackerRole, target);
      let response!: Awaited<ReturnType<typeof startMasquerade>>;
      const { lines, rows } = await trailDuring(fixture.database, logDir, async () => {
        response = await startMasquerade(app, hijacker.host, hijacker.accessToken, { userId: targetIds.get(targetEmail), reason: 'matrix' });
      });

      expect(response.statusCode, response.body).toBe(expected);
      const action = expected === 200 ? 'HIJACK_START' : 'HIJACK_DENIED';
      expect(lines).toHaveLength(1);
      expect(rows).toHaveLength(1);
      expect(lines[0]).toMatchObject({ action, hijacker_email: hijacker.email, hijacked_email: targetEmail, reason: 'matrix' });
      expect(rows[0]).toMatchObject({ action, actorEmail: hijacker.email, targetEmail });
      if (expected !== 200) {
        expect(response.json().error.code).toBe(expected === 404 ? 'USER_NOT_FOUND' : 'MASQUERADE_FORBIDDEN');
        expect(lines[0]!.denial_reason).toEqual(expect.any(String));
        expect(lines[0]!.session_key).toBeNull();
        return;
      }

      const started = response.json<{ accessToken: string; actor: { userId: string; masqueradeId: string } }>();
      expect(lines[0]!.session_key).toBe(started.actor.masqueradeId);
      expect(rows[0]!.sessionKey).toBe(started.actor.masqueradeId);
      const asTarget = await me(app, hostOf(target.placement), started.accessToken);
      expect(asTarget.statusCode, asTarget.body).toBe(200);
      expect(asTarget.json()).toMatchObject({ user: { email: targetEmail }, actor: { userId: hijacker.id, email: hijacker.email } });

      const stopped = await trailDuring(fixture.database, logDir, async () => {
        const stop = await stopMasquerade(app, hostOf(target.placement), started.accessToken);
        expect(stop.statusCode, stop.body).toBe(200);
        expect(stop.json().user.id).toBe(hijacker.id);
      });
      expect(stopped.lines.map((line) => line.action)).toEqual(['HIJACK_END']);
      expect(stopped.rows.map((row) => row.action)).toEqual(['HIJACK_END']);
    },
  );

  it('never as themselves', async () => {
    const hijacker = hijackers.get(hijackerRole)!;
    const { lines, rows } = await trailDuring(fixture.database, logDir, async () => {
      const response = await startMasquerade(app, hijacker.host, hijacker.accessToken, { userId: hijacker.id });
      expect(response.statusCode).toBe(403);
    });
    expect(lines.map((line) => line.action)).toEqual(['HIJACK_DENIED']);
    expect(rows.map((row) => row.action)).toEqual(['HIJACK_DENIED']);
  });
});

describe('the table above', () => {
  it('allows exactly the cells SPEC §5 names', () => {
    const allowed = ROLES.flatMap((hijacker) =>
      TARGETS.filter((target) => expectedStatus(hijacker, target) === 200).map((target) => `${hijacker}→${target.role}`),
    );
    // Superuser: 12 active targets (temporary or not → 24); support: 8 active tenant targets × 2 = 16;
    // sales: 8 active temporary tenant targets; owner: manager and staff of the same tenant × 2 = 4.
    expect(allowed.filter((cell) => cell.startsWith('SUPERUSER→'))).toHaveLength(24);
    expect(allowed.filter((cell) => cell.startsWith('PLATFORM_SUPPORT→'))).toHaveLength(16);
    expect(allowed.filter((cell) => cell.startsWith('PLATFORM_SALES→'))).toHaveLength(4 * 2);
    expect(allowed.filter((cell) => cell.startsWith('TENANT_OWNER→'))).toHaveLength(4);
    expect(allowed).toHaveLength(24 + 16 + 8 + 4);
  });
});

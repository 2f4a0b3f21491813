import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSecurityLog, SCAN_BYTES } from '../src/security-log-reader.ts';

const line = (index: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ time: new Date(Date.UTC(2026, 11, 5, 10, 0, index)).toISOString(), event: index % 2 ? 'login.failure' : 'login.success', email: `u${index % 3}@x.test`, tenant: index % 2 ? 'alpha' : 'beta', ...extra });

function logFile(lines: string[]): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ss-seclog-')), 'security.log');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('readSecurityLog', () => {
  it('returns the newest matching lines first, up to the limit, skipping lines that are not JSON', async () => {
    const file = logFile([line(0), 'not json', line(1), line(2), line(3), '{"half":']);
    const all = await readSecurityLog(file, { limit: 10 });
    expect(all.map((entry) => entry.time.slice(17, 19))).toEqual(['03', '02', '01', '00']);
    expect(await readSecurityLog(file, { limit: 2 })).toHaveLength(2);
  });

  it('filters by event, user, tenant and time', async () => {
    const file = logFile(Array.from({ length: 12 }, (_, index) => line(index)));
    expect((await readSecurityLog(file, { limit: 50, event: 'login.failure' })).every((entry) => entry.event === 'login.failure')).toBe(true);
    expect((await readSecurityLog(file, { limit: 50, user: 'U1@X.TEST' })).every((entry) => entry.email === 'u1@x.test')).toBe(true);
    expect((await readSecurityLog(file, { limit: 50, tenant: 'alpha' })).every((entry) => entry.tenant === 'alpha')).toBe(true);
    const window = await readSecurityLog(file, { limit: 50, from: new Date(Date.UTC(2026, 11, 5, 10, 0, 3)), to: new Date(Date.UTC(2026, 11, 5, 10, 0, 5)) });
    expect(window.map((entry) => entry.time.slice(17, 19))).toEqual(['04', '03']);
  });

  it('reads only the end of a large file, dropping the partial first line', async () => {
    const padding = 'x'.repeat(1000);
    const count = Math.ceil((SCAN_BYTES * 1.5) / 1100);
    const file = logFile(Array.from({ length: count }, (_, index) => line(index, { padding })));
    const found = await readSecurityLog(file, { limit: count });
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(count);
    expect(found[0]!.time).toBe(JSON.parse(line(count - 1)).time);
  });

  it('answers nothing for a log that does not exist yet', async () => {
    expect(await readSecurityLog(path.join(tmpdir(), 'no-such-dir-ss', 'security.log'), { limit: 5 })).toEqual([]);
  });
});

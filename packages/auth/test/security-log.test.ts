import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createSecurityLog } from '../src/security-log.ts';

const scratch = () => mkdtempSync(path.join(tmpdir(), 'ss-security-log-'));

const request = {
  id: 'req-1',
  ip: '203.0.113.7',
  tenant: { schemaName: 'tenant_alpha' },
  isPlatformHost: false,
  principal: null,
} as unknown as FastifyRequest;

describe('security log', () => {
  it('creates the folder and appends one JSON line per event with time, event, user, email, ip, tenant, reason', async () => {
    const logDir = path.join(scratch(), 'nested', 'logs');
    const log = createSecurityLog({ logDir });
    log.record('login.failure', request, { email: 'a@b.test', reason: 'wrong password' });
    log.record('permission.denied', null, { userId: 'u-1', reason: 'rank' });
    await log.flush();
    expect(log.file).toBe(path.join(logDir, 'security.log'));
    const lines = readFileSync(log.file, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([
      {
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        event: 'login.failure',
        email: 'a@b.test',
        reason: 'wrong password',
        userId: null,
        ip: '203.0.113.7',
        tenant: 'tenant_alpha',
        requestId: 'req-1',
      },
      {
        time: expect.any(String),
        event: 'permission.denied',
        userId: 'u-1',
        reason: 'rank',
        email: null,
        ip: null,
        tenant: null,
        requestId: null,
      },
    ]);
  });

  it('never throws when the file cannot be written, and reports the failure', async () => {
    const blocker = path.join(scratch(), 'a-file');
    writeFileSync(blocker, 'not a directory');
    const errors: unknown[] = [];
    const log = createSecurityLog({ logDir: blocker, onError: (error) => errors.push(error) });
    expect(() => log.record('logout', request)).not.toThrow();
    await expect(log.flush()).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
  });

  it('a field cannot overwrite the time or the event', async () => {
    const log = createSecurityLog({ logDir: scratch() });
    log.record('logout', request, { time: 'forged', event: 'forged' });
    await log.flush();
    const line = JSON.parse(readFileSync(log.file, 'utf8'));
    expect(line.event).toBe('logout');
    expect(line.time).not.toBe('forged');
  });
});

/**
 * The README's first command, as a new user runs it: `pnpm start` with no DATABASE_URL starts an embedded
 * PostgreSQL, migrates, seeds the demo tenant and serves; a second start reuses the data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../packages/db/src/embedded-postgres.ts';

const root = path.resolve(import.meta.dirname, '../..');
const workDir = mkdtempSync(path.join(tmpdir(), 'ss-first-run-'));
chmodSync(workDir, 0o755);
let running: ChildProcess | undefined;

afterAll(() => {
  if (running?.pid && groupAlive(running.pid)) process.kill(-running.pid, 'SIGKILL');
  rmSync(workDir, { recursive: true, force: true });
});

function get(port: number, pathName: string, host = `localhost:${port}`): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathName, headers: { host } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
}

async function start(env: Record<string, string>): Promise<Started> {
  const childEnv = { ...process.env, ...env };
  delete childEnv.DATABASE_URL;
  // Its own process group, so the test can signal it the way Ctrl-C signals a terminal's foreground job.
  const child = spawn('pnpm', ['start'], { cwd: root, env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running = child;
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pnpm start did not come up:\n${output}`)), 90_000);
    const check = setInterval(() => {
      if (output.includes('Smooth Schedule is running on')) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`pnpm start exited with ${code}:\n${output}`));
    });
  });
  return { child, output: () => output };
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ctrl-C: SIGINT to the whole process group, as a terminal sends it. pnpm may die of the signal at once, so this
 * waits for every process of the group (the server, the embedded PostgreSQL) to be gone, then for the ports.
 */
async function stop({ child }: Started, ports: number[]): Promise<void> {
  child.removeAllListeners('exit');
  process.kill(-child.pid!, 'SIGINT');
  await until(async () => !groupAlive(child.pid!), 30_000);
  await until(async () => !(await Promise.all(ports.map(portAnswers))).some(Boolean), 5_000);
}

const stoppedLines = (logDir: string) =>
  readFileSync(path.join(logDir, 'api.log'), 'utf8').split('\n').filter((line) => line.includes('"msg":"stopped"')).length;

describe('pnpm start without DATABASE_URL', () => {
  it('runs on an embedded PostgreSQL with the demo tenant, and reuses its data on the next start', async () => {
    const env = {
      EMBEDDED_POSTGRES_DIR: path.join(workDir, 'postgres'),
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      PORT: String(await freePort()),
      SPARE_TENANT_SCHEMAS: '1',
      LOG_DIR: path.join(workDir, 'logs'),
      LOG_LEVEL: 'info',
    };
    const port = Number(env.PORT);

    const first = await start(env);
    expect(first.output()).toContain('Seeded the demo tenant "Demo Company" on demo.localhost');
    expect(first.output()).toContain('Demo users (passwords are shown this once):');
    expect(first.output()).toMatch(new RegExp(`owner@demo\\.example\\.com\\s+\\S{20,}\\s+TENANT_OWNER\\s+demo\\.localhost:${port}`));
    expect(first.output()).toMatch(new RegExp(`superuser@example\\.com\\s+\\S{20,}\\s+SUPERUSER\\s+localhost:${port}`));
    expect((await get(port, '/health')).status).toBe(200);
    expect(await get(port, '/ready')).toEqual({ status: 200, body: { status: 'ready' } });
    const demo = await get(port, '/api/resources', `demo.localhost:${port}`);
    expect(demo.status).toBe(200);
    expect(demo.body.resources.map((resource: { name: string }) => resource.name).sort())
      .toEqual(['Alex (stylist)', 'Sam (stylist)', 'Treatment room']);
    expect((await get(port, '/api/resources', `unknown.localhost:${port}`)).body.error.code).toBe('TENANT_NOT_FOUND');
    const ports = [port, Number(env.EMBEDDED_POSTGRES_PORT)];
    // Both the API and the embedded PostgreSQL stop, and the API says it shut down gracefully.
    await stop(first, ports);
    expect(stoppedLines(env.LOG_DIR), `${readFileSync(path.join(env.LOG_DIR, 'api.log'), 'utf8').slice(-3000)}\n${first.output().slice(-3000)}`).toBe(1);

    const second = await start(env);
    expect(second.output()).not.toContain('Seeded the demo tenant');
    expect(second.output()).not.toContain('Demo users');
    const again = await get(port, '/api/resources', `demo.localhost:${port}`);
    expect(again.body.resources.map((resource: { id: string }) => resource.id).sort())
      .toEqual(demo.body.resources.map((resource: { id: string }) => resource.id).sort());
    await stop(second, ports);
    expect(stoppedLines(env.LOG_DIR)).toBe(2);
  }, 240_000);
});

import { createServer } from 'node:net';
import { createDatabase, type Database } from '@smoothschedule/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { buildTestApp, createApiFixture, type ApiFixture } from './api-test-app.ts';

/** A port nothing listens on: bind one, then let it go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let fixture: ApiFixture;
let app: App;

beforeAll(async () => {
  fixture = await createApiFixture();
  app = await buildTestApp(fixture.database);
});

afterAll(async () => {
  await app?.close();
  await fixture?.close();
});

const HOSTS = ['localhost:3000', 'alpha.api.test', 'gone.api.test', 'nobody.api.test', 'x'];

describe('GET /health', () => {
  it.each(HOSTS)('answers 200 on %s', async (host) => {
    const response = await app.inject({ url: '/health', headers: { host } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /ready', () => {
  it.each(HOSTS)('answers 200 on %s when the database answers', async (host) => {
    const response = await app.inject({ url: '/ready', headers: { host } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready' });
  });

  describe('with an unreachable database', () => {
    let down: Database;
    let downApp: App;

    beforeAll(async () => {
      down = createDatabase({ connectionString: `postgresql://postgres@127.0.0.1:${await closedPort()}/none`, poolSize: 2 });
      downApp = await buildTestApp(down);
    });

    afterAll(async () => {
      await downApp?.close();
      await down?.close();
    });

    it('answers 503 in the error shape, without internals', async () => {
      const response = await downApp.inject({ url: '/ready' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({
        error: { code: 'DATABASE_UNAVAILABLE', message: 'The database is not reachable' },
      });
      expect(response.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    });

    it('still answers /health', async () => {
      expect((await downApp.inject({ url: '/health' })).statusCode).toBe(200);
    });
  });
});

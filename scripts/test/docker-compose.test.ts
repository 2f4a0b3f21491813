import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');

interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
  ports?: string[];
}

const compose = parse(read('docker-compose.yml')) as { services: Record<string, ComposeService> };
const documentedVariables = new Set(
  read('.env.example').split('\n').map((line) => line.match(/^([A-Z0-9_]+)=/)?.[1]).filter(Boolean),
);

describe('docker-compose.yml', () => {
  it('runs exactly the api and postgres, each with a healthcheck', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres']);
    for (const service of Object.values(compose.services)) expect(service.healthcheck?.test).toBeTruthy();
  });

  it('starts the api only once postgres is healthy, and builds it from the Dockerfile', () => {
    const api = compose.services.api!;
    expect(api.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(api.build).toBe('.');
    expect(api.ports).toContain('3000:3000');
    expect(String(api.healthcheck!.test)).toContain('/ready');
  });

  it('points the api at the postgres service with the credentials that service creates', () => {
    const postgres = compose.services.postgres!.environment!;
    const url = new URL(compose.services.api!.environment!.DATABASE_URL!.replaceAll('${POSTGRES_PASSWORD:-smoothschedule}', 'pw'));
    expect(url.hostname).toBe('postgres');
    expect(url.port).toBe('5432');
    expect(url.username).toBe(postgres.POSTGRES_USER);
    expect(url.pathname).toBe(`/${postgres.POSTGRES_DB}`);
    expect(postgres.POSTGRES_PASSWORD).toBe('${POSTGRES_PASSWORD:-smoothschedule}');
  });

  it('sets only variables that .env.example documents', () => {
    const unknown = Object.keys(compose.services.api!.environment!).filter((name) => !documentedVariables.has(name));
    expect(unknown).toEqual([]);
    expect(compose.services.api!.environment!.HOST).toBe('0.0.0.0');
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const packageJson = JSON.parse(read('package.json')) as { packageManager: string };

  it('installs the pinned pnpm from the lockfile and starts with pnpm start as a non-root user', () => {
    expect(packageJson.packageManager).toBe(`pnpm@${dockerfile.match(/PNPM_VERSION=([\d.]+)/)?.[1]}`);
    expect(dockerfile).toContain('pnpm install --frozen-lockfile');
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^CMD \["pnpm", "start"\]$/m);
    expect(dockerfile).toMatch(/^EXPOSE 3000$/m);
  });

  it('copies every workspace package manifest before installing', () => {
    // Every workspace package on disk, so a new package without its COPY line fails here.
    const workspaces = ['apps', 'packages'].flatMap((folder) =>
      readdirSync(new URL(`${folder}/`, root))
        .map((name) => `${folder}/${name}`)
        .filter((workspace) => existsSync(new URL(`${workspace}/package.json`, root))));
    expect(workspaces.length).toBeGreaterThanOrEqual(3);
    for (const workspace of workspaces) expect(dockerfile).toContain(`COPY ${workspace}/package.json`);
  });
});

/**
 * Vitest global setup: finds the PostgreSQL server the tests run against. With DATABASE_URL set, that server
 * (each test file makes its own throwaway databases there, so the role needs CREATEDB); otherwise an embedded
 * PostgreSQL in a temporary directory, removed afterwards.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../embedded-postgres.ts';
import type {} from './provided-context.ts';

export default async function setup(project: TestProject) {
  const configured = process.env.DATABASE_URL;
  if (configured) {
    project.provide('pgAdminUrl', configured);
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'smoothschedule-test-pg-'));
  // As root, PostgreSQL runs as another system user, which must be able to enter the directory.
  chmodSync(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data') });
  project.provide('pgAdminUrl', server.url('postgres'));
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

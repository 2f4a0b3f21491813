/** Runs one of the repository's CLI scripts the way `pnpm <script>` does (node + tsx), against a test database. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export interface CliResult {
  code: number | null;
  /** stdout then stderr. */
  output: string;
}

/** `input` is what stdin reads (empty: not a terminal, so a CLI never waits at a prompt). */
export function runCli(script: string, args: string[], databaseUrl: string, input = ''): CliResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    input,
    encoding: 'utf8',
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

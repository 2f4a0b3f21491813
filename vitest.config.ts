import { defineConfig } from 'vitest/config';

/**
 * The first-run test starts and stops the real server (`pnpm start`, an embedded PostgreSQL, Ctrl-C to the process
 * group) and judges a graceful shutdown; it runs on its own after every other file, not among dozens of forks.
 */
const FIRST_RUN_TEST = 'scripts/test/first-run.test.ts';

export default defineConfig({
  test: {
    globalSetup: ['packages/db/src/testing/global-setup.ts'],
    pool: 'forks',
    // CI also writes a JSON report, from which .ci/run prints its closing "N passed, N failed" line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-output/vitest-report.json' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['apps/*/test/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'scripts/test/**/*.test.ts'],
          exclude: [FIRST_RUN_TEST, '**/node_modules/**'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'first-run', include: [FIRST_RUN_TEST], sequence: { groupOrder: 1 } },
      },
    ],
  },
});

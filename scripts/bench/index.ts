/** pnpm bench — every benchmark in turn. Each prints `name: value` lines. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const benches = ['tenancy-bench.ts', 'login-latency-bench.ts', 'availability-bench.ts'];
let failed = false;
for (const bench of benches) {
  console.log(`# ${bench.replace(/-bench\.ts$/, '')}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(bench, import.meta.url))], { stdio: 'inherit' });
  failed ||= result.status !== 0;
}
process.exit(failed ? 1 : 0);

// Generates the two Prisma clients (shared and tenant). Runs after `pnpm install`.
// `prisma generate` only needs the schema engine to exist as a file, not to run it; pointing the variable at a
// file that exists keeps generation offline (no engine download).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}
for (const schema of ['prisma/shared/schema.prisma', 'prisma/tenant/schema.prisma']) {
  const result = spawnSync('pnpm', ['exec', 'prisma', 'generate', '--schema', schema], { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

# The API image. `docker compose up` runs it next to PostgreSQL (see docker-compose.yml).
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    PNPM_VERSION=12.4.2 \
    HOST=0.0.0.0 \
    PORT=3000

RUN npm install --global "pnpm@${PNPM_VERSION}"

WORKDIR /app
# Dependencies first, so code changes do not invalidate the install layer.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY apps/api/package.json apps/api/package.json
COPY packages/db/package.json packages/db/package.json
COPY packages/tenancy/package.json packages/tenancy/package.json
COPY packages/auth/package.json packages/auth/package.json
COPY packages/masquerade/package.json packages/masquerade/package.json
COPY packages/admin/package.json packages/admin/package.json
COPY packages/platform/package.json packages/platform/package.json
COPY packages/storage/package.json packages/storage/package.json
COPY packages/scheduling/package.json packages/scheduling/package.json
COPY packages/marketplace/package.json packages/marketplace/package.json
COPY prisma prisma
COPY scripts/generate-prisma-clients.mjs scripts/generate-prisma-clients.mjs
RUN pnpm install --frozen-lockfile

COPY . .
RUN pnpm generate && mkdir -p /app/logs && chown node:node /app/logs

USER node
EXPOSE 3000
# Migrates, seeds the demo tenant if missing, then serves. DATABASE_URL must be set (no embedded database here).
CMD ["pnpm", "start"]

# syntax=docker/dockerfile:1
# One image for every process of the hub; docker-compose.yml picks the entry point per service:
#   node --import tsx gateway/server.ts | subgraphs/prefecture/server.ts | subgraphs/province/server.ts | workers/server.ts
# TypeScript runs through tsx (a runtime dependency), so the image holds the same source the tests ran.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only, from the lock file. No install scripts (the project approves none):
# native parts (libsql, esbuild) come as prebuilt platform packages.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# Code stays root-owned and read-only to the app; only data/ (SQLite, when DATABASE_URL is unset) is writable.
RUN mkdir -p data && chown node:node data
USER node
EXPOSE 4000 4001 4099 9464
CMD ["node", "--import", "tsx", "gateway/server.ts"]

# syntax=docker/dockerfile:1
# One image for every process of the hub; docker-compose.yml picks the entry point per service:
#   node --enable-source-maps dist/gateway/server.js | dist/subgraphs/prefecture/server.js
#                             | dist/subgraphs/province/server.js | dist/workers/server.js
# The TypeScript is compiled in the build stage (`npm run build`, the same sources the tests ran);
# the runtime image holds the JavaScript, its source maps (stack traces name the .ts lines) and the
# production dependencies only: no tsx loader in the processes (less memory, faster start).

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# All dependencies (typescript is a dev one). No install scripts (the project approves none):
# native parts (libsql, esbuild) come as prebuilt platform packages.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only, from the lock file.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# package.json: "type": "module" makes dist/**/*.js ES modules.
COPY package.json ./
COPY --from=build /app/dist ./dist
# Read from the working directory by the gateway (SUPERGRAPH_PATH, CONTRACT_PATH default to schema/…).
COPY schema/*.graphql ./schema/
# Code stays root-owned and read-only to the app; only data/ (SQLite, when DATABASE_URL is unset) is writable.
RUN mkdir -p data && chown node:node data
USER node
EXPOSE 4000 4001 4099 9464
CMD ["node", "--enable-source-maps", "dist/gateway/server.js"]

# One Dockerfile, one image per role: `--target api` or `--target worker` (the default, last
# stage; it also runs the one-shot commands: schedules apply, backfill). Both run the compiled
# JavaScript of `npm run build` on production dependencies only, as the unprivileged `node` user.
# No Docker engine runs on the development machines, so this file is not built there:
# test/integration/image-install.test.ts reproduces its install step by step instead.

# The exact Node release the tests run on (.nvmrc, scripts/install-prereqs.sh). Pin the digest
# as well wherever a registry is reachable (`docker buildx imagetools inspect
# node:24.22.3-bookworm-slim`): a tag can be moved.
ARG NODE_IMAGE=node:24.22.3-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
COPY ui/package.json ui/package.json
RUN npm ci
COPY . .
# What ships is what `npm pack` selects (package.json "files": dist/, data, fixtures, SDL, the
# console, the YAML declarations), plus the lock; its production dependencies are installed there.
# --workspaces=false: the console is shipped built, its React dependencies are not needed.
RUN npm run build \
  && npm pack --ignore-scripts --pack-destination /tmp \
  && mkdir /app && tar -xzf /tmp/grid-power-stream-*.tgz -C /app --strip-components=1 \
  && cp package-lock.json /app/ \
  && cd /app && npm ci --omit=dev --workspaces=false && npm cache clean --force

FROM ${NODE_IMAGE} AS base
WORKDIR /app
# One glibc arena: Polars' threads otherwise keep freed buffers in several (ERA5 bench peak RSS
# 339-478 MB with 1 arena, 437-574 MB with 2). Source maps: stack traces name the .ts lines.
ENV NODE_ENV=production GPS_DATA_DIR=/data MALLOC_ARENA_MAX=1 NODE_OPTIONS=--enable-source-maps
# Owned by root, so the running process cannot rewrite its own code; only /data is writable.
COPY --from=build /app /app
RUN mkdir /data && chown node:node /data
USER node

FROM base AS api
ENV GPS_API_HOST=0.0.0.0 GPS_API_PORT=4000
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "dist/workers/healthcheck.js", "api"]
CMD ["node", "dist/workers/api.js"]

FROM base AS worker
USER root
# Debian's Chromium for the maintenance scraper (puppeteer-core, /usr/bin/chromium by default).
RUN apt-get update && apt-get install -y --no-install-recommends chromium \
  && rm -rf /var/lib/apt/lists/*
USER node
# Start-up runs the Gold migrations before the task queues open: give it a minute.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "dist/workers/healthcheck.js", "worker"]
CMD ["node", "dist/workers/worker.js"]

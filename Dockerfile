# One image for the worker and the API processes (the command picks which).
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY ui/package.json ui/package.json
RUN npm ci
COPY . .
RUN npm run build:ui && npm prune --omit=dev --workspaces=false

FROM node:20-bookworm-slim
WORKDIR /app
# One glibc arena: Polars' threads otherwise keep freed buffers in several (ERA5 bench peak RSS
# 339-478 MB with 1 arena, 437-574 MB with 2).
ENV NODE_ENV=production GPS_DATA_DIR=/data MALLOC_ARENA_MAX=1
COPY --from=build /app /app
USER node
CMD ["npx", "tsx", "workers/worker.ts"]

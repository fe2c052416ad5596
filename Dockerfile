# Trainyard images: `web` (Next.js), `worker` (CPU: wasm backend) and
# `worker-gpu` (tfjs-node-gpu on CUDA). Built by docker-compose.yml.

# ── dependencies and build ───────────────────────────────────────────────────
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# postinstall runs `prisma generate`; optional tfjs-node(-gpu) install scripts are
# skipped here and run only in the GPU image below.
RUN npm ci --no-audit --no-fund --ignore-scripts && npx prisma generate
COPY . .
RUN npx next build

# ── web ──────────────────────────────────────────────────────────────────────
FROM node:20-bookworm-slim AS web
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000
COPY --from=build --chown=node:node /app /app
# The data volume mounts here; created in the image so the volume starts owned by `node`.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Migrations run before the server starts; an advisory lock makes concurrent starts safe.
CMD ["sh", "-c", "node --import tsx scripts/migrate.ts && exec node_modules/.bin/next start --hostname 0.0.0.0 --port ${PORT}"]

# ── CPU worker ───────────────────────────────────────────────────────────────
FROM node:20-bookworm-slim AS worker
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
USER node
CMD ["node", "--import", "tsx", "worker/main.ts"]

# ── GPU worker ───────────────────────────────────────────────────────────────
# tfjs-node-gpu 4.22 uses libtensorflow 2.9 built for CUDA 11.2+ and cuDNN 8.
FROM nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04 AS worker-gpu
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY --from=node:20-bookworm-slim /usr/local/bin/node /usr/local/bin/node
COPY --from=node:20-bookworm-slim /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
  && ln -s /usr/local/lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
RUN mkdir -p /data
# Runs the install script skipped above: downloads libtensorflow (GPU) and builds the addon.
RUN npm rebuild @tensorflow/tfjs-node-gpu
CMD ["node", "--import", "tsx", "worker/main.ts"]

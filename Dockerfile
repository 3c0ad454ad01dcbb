# The gateway as a container image: built with the dev toolchain, run with production
# dependencies only, as a non-root user. test/deploy/manifests.test.ts holds this file to the
# server (port, health path), to package.json (node flags, entry) and to the Kubernetes manifests.
#
#   docker build -t ixopay-profiles-gateway .
#   docker run --rm -p 4000:4000 --env-file gateway.env ixopay-profiles-gateway
#
# NODE_VERSION: 20, 22 or 24 (package.json engines); pin the base image by digest in your registry.
ARG NODE_VERSION=22

# --- build: the whole toolchain (TypeScript), then dist/ ---
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- deps: production dependencies only, in their own stage so the toolchain never reaches the image ---
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# No production dependency needs an install script (@apollo/protobufjs's postinstall only checks
# version schemes); skipping them keeps a compromised package's script out of the build.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# --- runtime ---
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
# Owned by root and not writable by the process user: the app cannot alter its own code.
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Read at run time by some features (checked-in SDL and example operations).
COPY schema ./schema
# Numeric (the official image's `node` user): Kubernetes' runAsNonRoot can only verify a numeric user.
USER 1000:1000
EXPOSE 4000
# For docker/compose; Kubernetes ignores HEALTHCHECK and uses the probes in deploy/kubernetes.
# A node one-liner because the slim image has no curl or wget.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "require('node:http').get({host:'127.0.0.1',port:process.env.PORT||4000,path:'/healthz',timeout:3000},(r)=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1)).on('timeout',()=>process.exit(1))"]
# The production node flags are package.json's `config.nodeFlags` (what `npm start` uses), copied
# here on purpose: an exec-form CMD is static, and reading them at build time would need a shell
# wrapper between the runtime and node. This way node is PID 1 and receives SIGTERM itself, which
# starts the graceful drain; the test fails when the two lists differ.
CMD ["node", "--max-semi-space-size=4", "--max-old-space-size=96", "--liftoff-only", "dist/main.js"]

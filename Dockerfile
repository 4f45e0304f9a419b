# syntax=docker/dockerfile:1.7
# One image for every process of the platform (gateway, each service, the operator CLIs). The process is
# chosen by the command, e.g. `docker run wage services/intake/dist/main.js`; the default is the gateway.
# Node 24 LTS, slim Debian base; every stage pins the same base so native modules match.
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: install everything, generate protobuf code, compile every workspace (portal included when
# the workspace exists: `turbo run build` builds every workspace that has a build script).
FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV CI=true \
    TURBO_TELEMETRY_DISABLED=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
COPY . .
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund \
 && npx turbo run build --output-logs=errors-only \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf .turbo node_modules/.cache \
 && find . -path ./node_modules -prune -o -type d \( -name src -o -name test \) -not -path './proto/wage' -prune -exec rm -rf {} +

# ---- runtime: compiled code and production dependencies only, owned by root and read-only to the
# process user, so the container runs with a read-only root filesystem (writable: /tmp, mounted by the
# orchestrator).
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY --from=build --chown=root:root /src /app
# The image's `node` user (uid/gid 1000), numeric so Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 8080 7051 9461
# Node itself is PID 1: every process installs SIGTERM/SIGINT handlers that drain (stop consuming, finish
# in-flight work, flush the outbox relay) and exit, and none forks children, so no init process is needed.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node"]
CMD ["gateway/dist/main.js"]

# The Clopus image: `clopus serve` by default; diagnosis Jobs run `clopus diagnose` from the same image.
#   docker build -t clopus:0.1.0 .
# Multi-stage: the build stage compiles better-sqlite3 and the TypeScript, then drops the devDependencies; the
# runtime stage gets only package.json, the production node_modules, dist/ and bin/, kubectl from the Kubernetes
# project's own image and Debian's git (the GitOps pull-request path clones, renders with kubectl kustomize and
# pushes), and runs as uid 10001.
ARG NODE_IMAGE=node:22-bookworm-slim
ARG KUBECTL_IMAGE=registry.k8s.io/kubectl:v1.32.4

FROM ${KUBECTL_IMAGE} AS kubectl

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# better-sqlite3 builds its native binding with node-gyp.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bin ./bin
# The Agent SDK brings Claude Code as a native binary in a per-platform optional package (linux-x64 or
# linux-arm64, glibc): keep it, drop the musl builds this glibc image never runs, and fail the build if it is gone
# or if better-sqlite3's native binding was not built.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@anthropic-ai/claude-agent-sdk-linux-*-musl \
 && chmod 0755 bin/clopus.js \
 && test -x "node_modules/@anthropic-ai/claude-agent-sdk-linux-$(node -p process.arch)/claude" \
 && node -e "new (require('better-sqlite3'))(':memory:').close()"

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    CLOPUS_DB_PATH=/data/clopus.db
# uid/gid 10001, numeric in USER so the kubelet can check runAsNonRoot; /data for the database outside Kubernetes.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 clopus \
 && useradd --system --uid 10001 --gid 10001 --home-dir /home/clopus --create-home --shell /usr/sbin/nologin clopus \
 && mkdir /data && chown 10001:10001 /data \
 && ln -s /app/bin/clopus.js /usr/local/bin/clopus
WORKDIR /app
# Owned by root and not writable by the user: the app cannot change itself.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=kubectl /bin/kubectl /usr/local/bin/kubectl
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["node", "/app/bin/clopus.js"]
CMD ["serve"]

# The parsimony service: Node 24, the compiled build and the production dependencies only, run as
# the image's unprivileged `node` user. `docker compose up -d` runs it beside its servers.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY ops/patch-dependencies.mjs ./ops/
COPY ops/patches ./ops/patches
RUN npm ci --no-audit --no-fund --loglevel=error
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    PARSIMONY_METRICS_HOST=0.0.0.0
WORKDIR /app
COPY package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY schemas ./schemas
COPY streams ./streams
USER node
EXPOSE 9464
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9464/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The bin chooses the command's V8 options (heap limit from the configured bounds) and replaces
# itself (execve) with a Node that has them: the same process, still PID 1.
ENTRYPOINT ["node", "bin/parsimony.js"]
CMD ["run"]

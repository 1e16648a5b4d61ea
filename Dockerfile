# medcom-gateway: multi-stage build, production dependencies only, non-root, with a health check.
# Build: docker build -t medcom-gateway .   Run with Redis: see docker-compose.yml and the README.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts off: `prepare` would compile before the sources are here.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY schemas ./schemas
COPY adapters ./adapters
COPY queue ./queue
RUN npx tsc -p tsconfig.build.json

FROM node:20-bookworm-slim AS runtime
# No configuration is shipped (issue 11, point 9): the demo registry's API keys are published, so the operator mounts
# their own file at /config/gateway.json (or points GATEWAY_CONFIG elsewhere); without one the gateway does not start.
ENV NODE_ENV=production \
    PORT=8080 \
    GATEWAY_DATA_DIR=/data \
    GATEWAY_CONFIG=/config/gateway.json
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
RUN mkdir -p /data /secrets && chown node:node /data /secrets
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["serve"]

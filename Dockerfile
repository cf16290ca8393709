# Votewire images, built from the repository root:
#   target backend  the Koa + Socket.IO server (node backend/dist/main.js), also runs db/init
#   target nginx    load balancer + static server for the demo site (/) and the SDK (/sdk/)
# docker-compose.yml builds both; ./build.sh --docker runs it.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
# Manifests first, so the npm ci layer is reused until a dependency changes.
COPY package.json package-lock.json ./
COPY wire/package.json wire/
COPY db/package.json db/
COPY backend/package.json backend/
COPY sdk/package.json sdk/
COPY demo-site/package.json demo-site/
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS backend
ENV NODE_ENV=production \
    VOTEWIRE_HOST=0.0.0.0 \
    VOTEWIRE_PORT=8080 \
    VOTEWIRE_DATA_DIR=/data \
    VOTEWIRE_SERVE_STATIC=false
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/wire wire
COPY --from=build /app/db db
COPY --from=build /app/backend backend
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8080
CMD ["node", "backend/dist/main.js"]

FROM nginx:1.27-alpine AS nginx
COPY db/cluster/nginx.conf.template db/cluster/render-nginx-conf.sh /opt/votewire/
COPY --from=build /app/demo-site/dist /usr/share/votewire/site
COPY --from=build /app/sdk/dist/cdn /usr/share/votewire/sdk
RUN mkdir -p /var/cache/votewire-nginx \
    && sh /opt/votewire/render-nginx-conf.sh /etc/nginx/votewire.conf --user nginx \
       --listen 8080 --backend backend-1:8080 --backend backend-2:8080 --backend backend-3:8080 \
       --demo-root /usr/share/votewire/site --sdk-root /usr/share/votewire/sdk \
       --pid-file /var/run/votewire-nginx.pid --temp-dir /var/cache/votewire-nginx \
       --error-log /dev/stderr --access-log /dev/stdout --hsts on
EXPOSE 8080
CMD ["nginx", "-c", "/etc/nginx/votewire.conf"]

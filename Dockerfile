# One image for the api and the worker; docker-compose.yml picks the command. Needs the entry
# points dist/apps/api/src/main.js and dist/apps/worker/src/main.js, which `npm run build` writes.

# Pinned: Node 20.19 (the engines field), a release known to exist.
FROM node:20.19.0-bookworm-slim AS build
WORKDIR /app
# Install scripts skipped, as on the development machines (STACK.md): every package here works
# without them, and it keeps the build from running code it downloads.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20.19.0-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000 2575 3002
CMD ["node", "dist/apps/api/src/main.js"]

# Two stages: the build stage installs everything and compiles src/ and sim/ to dist/ (npm ci runs
# `prepare`); the image gets the production dependencies and dist/ only, and bin/sgp-ozmap runs
# the compiled JavaScript (no TypeScript, no tsx in it).
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY scripts/build.mjs ./scripts/build.mjs
COPY src ./src
COPY sim ./sim
RUN npm ci
# The runtime dependencies alone; `prepare` finds no TypeScript here and leaves dist/ alone.
RUN rm -rf node_modules && npm ci --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:8080/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["bin/sgp-ozmap", "run"]

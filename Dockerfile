# One image for every Tickergraph service; SERVICE picks the workspace to start (gateway, subgraphs/user, …).
FROM node:20-bookworm-slim
WORKDIR /app

# Manifests first, so dependency layers are cached across source changes.
COPY package.json package-lock.json ./
COPY gateway/package.json gateway/
COPY packages/ packages/
COPY subgraphs/ subgraphs/
COPY clients/ clients/
COPY web/package.json web/
COPY scripts/generate.mjs scripts/
COPY codegen.ts ./
RUN npm ci --no-audit --no-fund

COPY . .
RUN npm run generate

ARG SERVICE=gateway
ENV SERVICE=$SERVICE NODE_ENV=production HOST=0.0.0.0 TICKERGRAPH_MODE=distributed PORT=4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["sh", "-c", "npm run start -w $SERVICE"]

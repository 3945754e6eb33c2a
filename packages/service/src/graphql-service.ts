// The server every subgraph runs: GraphQL over HTTP (Apollo Server) and graphql-ws on the same /graphql path,
// /health and /ready, masked errors, and a graceful stop. Subgraphs supply only schema, resolvers and context.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/index.js";
import cors from "cors";
import express from "express";
import type { DocumentNode } from "graphql";
import type { TokenService } from "@tickergraph/auth";
import { formatError } from "@tickergraph/errors";
import { newRequestId, type Logger } from "@tickergraph/telemetry";
import type { BaseContext } from "./context.js";
import { identityFromHttpHeader } from "./identity.js";
import { runHealthChecks, type HealthChecks } from "./readiness.js";
import { startSubscriptionServer } from "./subscription-server.js";

export interface GraphQLServiceOptions<C extends BaseContext> {
  name: string;
  host: string;
  port: number;
  typeDefs: DocumentNode;
  resolvers: unknown;
  tokens: TokenService;
  logger: Logger;
  /** Adds the service's own fields (loaders, data access) to the base context. */
  buildContext(base: BaseContext): C | Promise<C>;
  healthChecks: HealthChecks;
  /** Server → client keep-alive ping interval on WebSockets. */
  keepAliveMs?: number;
}

export interface RunningService {
  url: string;
  wsUrl: string;
  port: number;
  stop(): Promise<void>;
}

export async function startGraphQLService<C extends BaseContext>(options: GraphQLServiceOptions<C>): Promise<RunningService> {
  const { logger, tokens } = options;
  const schema = buildSubgraphSchema({ typeDefs: options.typeDefs, resolvers: options.resolvers as GraphQLResolverMap<unknown> });
  const app = express();
  const httpServer = http.createServer(app);
  // The gateway keeps connections to subgraphs open between requests. Node closes an idle one after 5 s by
  // default, and a request the gateway writes on it at that moment fails with ECONNRESET (seen under load):
  // keep idle connections far longer than the gaps between a gateway's requests.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const subscriptions = startSubscriptionServer({
    httpServer,
    path: "/graphql",
    schema,
    tokens,
    logger,
    buildContext: options.buildContext,
    keepAliveMs: options.keepAliveMs ?? 12_000,
  });

  const apollo = new ApolloServer<C>({
    schema,
    includeStacktraceInErrorResponses: false,
    // Signals are handled once, by runUntilSignal, which stops every service in order.
    stopOnTerminationSignals: false,
    formatError: (formatted, original) =>
      formatError(formatted, original, (error) => logger.error({ err: error }, "internal error")),
    // No landing-page plugin: Apollo's default is the local Sandbox outside production, none in production.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
    logger: {
      debug: (m) => logger.trace(m),
      info: (m) => logger.debug(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    },
  });
  await apollo.start();

  app.get("/health", (_req, res) => void res.json({ status: "ok", service: options.name }));
  app.get("/ready", async (_req, res) => {
    const report = await runHealthChecks(options.healthChecks);
    res.status(report.ready ? 200 : 503).json({ service: options.name, ...report });
  });
  app.use(
    "/graphql",
    cors<cors.CorsRequest>(),
    express.json({ limit: "1mb" }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = newRequestId(req.headers["x-request-id"]);
        const identity = await identityFromHttpHeader(tokens, req.headers.authorization);
        return options.buildContext({ identity, requestId, logger: logger.child({ requestId }) });
      },
    }),
  );

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once("error", reject);
      httpServer.listen(options.port, options.host, () => resolve());
    });
  } catch (error) {
    // E.g. the port is taken: release what was started so the caller's process can exit.
    await subscriptions.close(0);
    await apollo.stop().catch(() => undefined);
    throw error;
  }
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${options.host}:${port}/graphql`;
  logger.info({ url }, `${options.name} subgraph listening`);

  let stopping: Promise<void> | undefined;
  return {
    url,
    wsUrl: url.replace(/^http/, "ws"),
    port,
    stop() {
      // Both at once: Apollo's drain stops accepting connections and lets in-flight requests finish, while
      // WebSocket clients are told to go; an upgraded socket would otherwise hold the HTTP server open.
      stopping ??= Promise.all([subscriptions.close(), apollo.stop()]).then(() => undefined);
      return stopping;
    },
  };
}

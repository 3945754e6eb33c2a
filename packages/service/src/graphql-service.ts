// The server every subgraph runs: GraphQL over HTTP (Apollo Server) and graphql-ws on the same /graphql path,
// /health and /ready, masked errors, and a graceful stop. Subgraphs supply only schema, resolvers and context.
import http from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/index.js";
import cors from "cors";
import express from "express";
import type { DocumentNode } from "graphql";
import type { TokenService } from "@tickergraph/auth";
import { formatError } from "@tickergraph/errors";
import type { Logger } from "@tickergraph/telemetry";
import { newRequestId } from "@tickergraph/telemetry";
import type { BaseContext } from "./context.js";
import { apolloLogger } from "./apollo-logger.js";
import { noServiceSdl } from "./private-schema.js";
import { httpErrorHandler, refuseNulInRequest } from "./http-errors.js";
import { clientAddressOf, identityFromHttpHeader } from "./identity.js";
import type { ListeningAddress } from "./listen.js";
import { listen } from "./listen.js";
import type { ServiceMetrics } from "./metrics.js";
import type { HealthChecks } from "./readiness.js";
import { runHealthChecks } from "./readiness.js";
import { startSubgraphWsServer } from "./subgraph-ws-server.js";

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
  /** The service's Prometheus metrics, served at GET /metrics on the same server. */
  metrics?: ServiceMetrics;
  /** Introspection, the Sandbox page, `_service` and CORS; off by default (SUBGRAPH_PUBLIC_SCHEMA). */
  publicSchema?: boolean;
  /** Server → client keep-alive ping interval on WebSockets. */
  keepAliveMs?: number;
  /** The clock WebSocket sessions' token expiry is judged by (tests move it). */
  now?: () => number;
}

export interface RunningService {
  url: string;
  wsUrl: string;
  port: number;
  stop(): Promise<void>;
}

export async function startGraphQLService<C extends BaseContext>(
  options: GraphQLServiceOptions<C>,
): Promise<RunningService> {
  const { logger, tokens } = options;
  const schema = buildSubgraphSchema({
    typeDefs: options.typeDefs,
    resolvers: options.resolvers as GraphQLResolverMap<unknown>,
  });
  const publicSchema = options.publicSchema ?? false;
  const validationRules = publicSchema ? [] : [noServiceSdl];
  const app = express();
  const httpServer = http.createServer(app);
  // The gateway keeps connections to subgraphs open between requests. Node closes an idle one after 5 s by
  // default, and a request the gateway writes on it at that moment fails with ECONNRESET (seen under load):
  // keep idle connections far longer than the gaps between a gateway's requests.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const subscriptions = startSubgraphWsServer({
    httpServer,
    path: "/graphql",
    schema,
    tokens,
    logger,
    buildContext: options.buildContext,
    keepAliveMs: options.keepAliveMs ?? 12_000,
    validationRules,
    ...(options.now ? { now: options.now } : {}),
  });

  const apollo = new ApolloServer<C>({
    schema,
    includeStacktraceInErrorResponses: false,
    introspection: publicSchema,
    validationRules,
    // Signals are handled once, by runUntilSignal, which stops every service in order.
    stopOnTerminationSignals: false,
    formatError: (formatted, original) =>
      formatError(formatted, original, (error) => logger.error({ err: error }, "internal error")),
    // No landing-page plugin: Apollo's default is the local Sandbox outside production, none in production.
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ...(publicSchema ? [] : [ApolloServerPluginLandingPageDisabled()]),
    ],
    logger: apolloLogger(logger),
  });
  await apollo.start();

  if (options.metrics) {
    app.use(options.metrics.httpMiddleware);
    app.get("/metrics", options.metrics.handler);
  }
  app.get("/health", (_req, res) => void res.json({ status: "ok", service: options.name }));
  app.get("/ready", async (_req, res) => {
    const report = await runHealthChecks(options.healthChecks);
    res.status(report.ready ? 200 : 503).json({ service: options.name, ...report });
  });
  app.use(
    "/graphql",
    // Browsers have no business calling a subgraph unless it is opened up for exploring.
    cors<cors.CorsRequest>({ origin: publicSchema }),
    express.json({ limit: "1mb" }),
    refuseNulInRequest,
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = newRequestId(req.headers["x-request-id"]);
        const identity = await identityFromHttpHeader(tokens, req.headers.authorization);
        return options.buildContext({
          identity,
          requestId,
          clientAddress: clientAddressOf(req),
          logger: logger.child({ requestId }),
        });
      },
    }),
  );

  app.use(httpErrorHandler(logger));

  let address: ListeningAddress;
  try {
    address = await listen(httpServer, options.port, options.host);
  } catch (error) {
    // E.g. the port is taken: release what was started so the caller's process can exit.
    await subscriptions.close(0);
    await apollo.stop().catch(() => undefined);
    throw error;
  }
  const { url, wsUrl, port } = address;
  logger.info({ url }, `${options.name} subgraph listening`);

  let stopping: Promise<void> | undefined;
  return {
    url,
    wsUrl,
    port,
    stop() {
      // Both at once: Apollo's drain stops accepting connections and lets in-flight requests finish, while
      // WebSocket clients are told to go; an upgraded socket would otherwise hold the HTTP server open.
      stopping ??= Promise.all([subscriptions.close(), apollo.stop()]).then(() => undefined);
      return stopping;
    },
  };
}

// The gateway: one typed schema over every subgraph (HTTP via @apollo/gateway; subscriptions via ./subscriptions).
import http from "node:http";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import cors from "cors";
import express from "express";
import type { RevocationList } from "@tickergraph/auth";
import { TokenService } from "@tickergraph/auth";
import type { AppConfig } from "@tickergraph/config";
import { formatError } from "@tickergraph/errors";
import { apolloLogger, httpErrorHandler, listen, openRevocationList, TeardownStack } from "@tickergraph/service";
import type { Logger } from "@tickergraph/telemetry";
import { createLogger } from "@tickergraph/telemetry";
import type { GatewayContext } from "./context.js";
import { buildGatewayContext } from "./context.js";
import { IdentityForwardingDataSource } from "./datasource.js";
import { FieldUsage, fieldUsagePlugin } from "./field-usage/index.js";
import { createGatewayMetrics } from "./metrics.js";
import { httpOperationLimits } from "./limits/index.js";
import { openPersistedDocuments } from "./persisted-documents/index.js";
import { logQueryPlan } from "./query-plan-log.js";
import { callerDependenceRule } from "./query/caller-dependence.js";
import { createQueryPath } from "./query/http-handler.js";
import { OperationClassifier } from "./query/operation-classifier.js";
import { createSubgraphFetcher } from "./query/subgraph-fetcher.js";
import { checkSubgraphs } from "./readiness.js";
import { singleOperationRunner } from "./single-operation.js";
import type { SubscriptionLimits, GatewaySubscriptions, TransportLimits } from "./subscriptions/index.js";
import { attachSubscriptions } from "./subscriptions/index.js";
import { LiveSupergraph, subgraphUrlResolver } from "./supergraph.js";
import { subgraphNames } from "./subgraph-names.js";
import { serveWebApp } from "./web-app.js";

export interface GatewayOptions {
  /** Subgraph name → HTTP URL; wins over config (tests and the embedded launcher use ephemeral ports). */
  subgraphUrls?: Partial<Record<string, string>>;
  /** A fixed supergraph (never reloaded). Default: the file SUPERGRAPH_PATH names, reloaded when it changes. */
  supergraphSdl?: string;
  logger?: Logger;
  port?: number;
  subscriptionLimits?: Partial<SubscriptionLimits>;
  transportLimits?: Partial<TransportLimits>;
  /**
   * Revoked tokens, shared with the subgraphs: the embedded launcher passes its runtime's list. Default: one opened
   * from config (Redis in distributed mode), closed with the gateway.
   */
  revocations?: RevocationList;
}

export interface RunningGateway {
  url: string;
  wsUrl: string;
  port: number;
  subscriptions: GatewaySubscriptions;
  /** The supergraph being served (reloads when its file changes). */
  supergraph: LiveSupergraph;
  stop(): Promise<void>;
}

export async function start(config: AppConfig, options: GatewayOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger("gateway", config.logLevel);
  // Everything started is stopped in reverse, by stop() or at once if a later step (e.g. listen) throws.
  const teardown = new TeardownStack();
  return teardown.guard(async () => {
    let revocations = options.revocations;
    if (!revocations) {
      const own = await openRevocationList(config, logger);
      teardown.defer(() => own.close());
      revocations = own;
    }
    const tokens = new TokenService(config.auth.jwtSecret, config.auth.tokenTtlSeconds, revocations);
    const supergraph = await LiveSupergraph.open(
      config,
      options.supergraphSdl,
      logger.child({ component: "supergraph" }),
    );
    const resolveUrl = subgraphUrlResolver(config, options.subgraphUrls ?? {}, () => supergraph.current);
    const subgraphUrls = () =>
      Object.fromEntries(subgraphNames(supergraph.current).map((name) => [name, resolveUrl(name)]));

    const subgraphHttp = createSubgraphFetcher();
    teardown.defer(() => subgraphHttp.close());
    const metrics = createGatewayMetrics();
    const app = express();
    const httpServer = http.createServer(app);
    const fieldUsage = FieldUsage.forSupergraph(supergraph.current, metrics.registry);
    const persistedDocuments = await openPersistedDocuments(
      config.persistedOperations,
      logger.child({ component: "persisted-documents" }),
    );
    teardown.defer(() => persistedDocuments.close());
    const gateway = new ApolloGateway({
      supergraphSdl: supergraph.apolloHook,
      buildService: ({ name, url }) =>
        new IdentityForwardingDataSource({ url: resolveUrl(name, url), fetcher: subgraphHttp.fetcher as never }),
      logger: apolloLogger(logger),
      experimental_didResolveQueryPlan: ({ queryPlan, operationContext }) =>
        logQueryPlan(logger, operationContext.operation.name?.value, queryPlan),
    });
    const operationLimits = httpOperationLimits<GatewayContext>(config.operationLimits, logger);
    const apollo = new ApolloServer<GatewayContext>({
      gateway,
      includeStacktraceInErrorResponses: false,
      parseOptions: { maxTokens: config.operationLimits.maxTokens },
      // Signals are handled once, by runUntilSignal, which stops every service in order.
      stopOnTerminationSignals: false,
      formatError: (formatted, original) =>
        formatError(formatted, original, (error) => logger.error({ err: error }, "internal error")),
      plugins: [
        ApolloServerPluginDrainHttpServer({ httpServer }),
        ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
        fieldUsagePlugin(fieldUsage),
        operationLimits.plugin,
      ],
      logger: apolloLogger(logger),
    });
    await apollo.start();
    teardown.defer(async () => {
      logger.debug("stopping apollo");
      await apollo.stop();
    });

    app.use(metrics.httpMiddleware);
    app.get("/health", (_req, res) => void res.json({ status: "ok" }));
    app.get("/ready", async (_req, res) => {
      const report = await checkSubgraphs(subgraphUrls());
      res.status(report.ready ? 200 : 503).json(report);
    });
    app.get("/metrics", metrics.handler);
    app.get("/usage", (_req, res) => void res.json(fieldUsage.export()));

    // Exactly /graphql (HTTP queries and multipart): /graphql/stream reads its own body and resolves documents itself.
    app.all("/graphql", express.json({ limit: "1mb" }), persistedDocuments.httpMiddleware);

    const subscriptions = await attachSubscriptions({
      httpServer,
      app,
      path: "/graphql",
      supergraphSdl: supergraph.current,
      subgraphUrl: resolveUrl,
      tokens,
      resolveDocument: persistedDocuments.resolve,
      recordFieldUsage: (document) => fieldUsage.record(document),
      metricsRegistry: metrics.registry,
      logger: logger.child({ component: "subscriptions" }),
      runSingle: singleOperationRunner(apollo),
      limits: { ...config.subscriptions, maxDepth: config.operationLimits.maxDepth, ...options.subscriptionLimits },
      operationLimits: config.operationLimits,
      transportLimits: { ...config.transports, ...options.transportLimits },
    });
    teardown.defer(async () => {
      logger.debug("closing subscriptions");
      await subscriptions.close();
    });
    const classifier = new OperationClassifier(callerDependenceRule(supergraph.current));
    // Watching starts here; stopping it comes first, so no reload re-plans subscriptions that are closing.
    supergraph.watch((sdl) => {
      const commitSubscriptions = subscriptions.prepareReload(sdl);
      const rule = callerDependenceRule(sdl);
      return () => {
        classifier.replaceRule(rule);
        return commitSubscriptions();
      };
    });
    teardown.defer(() => supergraph.close());

    const queryPath = createQueryPath(apollo, {
      context: async (req) => ({
        ...(await buildGatewayContext(req.headers, tokens)),
        clientAddress: req.socket.remoteAddress,
      }),
      ...(config.queryPath.sharing
        ? {
            sharing: {
              classifier,
              userOf: (context) => context.identity?.userId,
              withoutCredentials: (context) => ({ ...context, identity: null, authorization: undefined }),
              onUnmarkedCallerField: (query) =>
                logger.warn(
                  { query: query.slice(0, 500) },
                  "a public query needed credentials: mark the field @ownerOnly",
                ),
            },
          }
        : {}),
    });
    app.use(
      "/graphql",
      cors<cors.CorsRequest>({ origin: config.cors.origins }),
      express.json({ limit: "1mb" }),
      operationLimits.guard,
      subscriptions.httpSubscriptions,
      queryPath.handler,
    );
    serveWebApp(app);
    app.use(httpErrorHandler(logger));

    const { url, wsUrl, port } = await listen(httpServer, options.port ?? config.gateway.port, config.host);
    logger.info({ url, subgraphs: subgraphUrls(), supergraph: supergraph.path }, "gateway ready");

    let stopping: Promise<void> | undefined;
    return {
      url,
      wsUrl,
      port,
      subscriptions,
      supergraph,
      stop() {
        stopping ??= teardown.unwind().then(() => logger.info("gateway stopped"));
        return stopping;
      },
    };
  });
}

// Federated subscriptions through the gateway: any subscription field a subgraph declares, with entity fields
// from other subgraphs resolved per event, over graphql-ws, SSE and multipart HTTP — with no gateway code per field.
// The same transports carry queries and mutations, through the gateway's HTTP query path.
import type http from "node:http";
import type { Express, RequestHandler } from "express";
import type { TokenService } from "@tickergraph/auth";
import type { Logger } from "@tickergraph/telemetry";
import { IdentityForwardingDataSource } from "../datasource.js";
import { subgraphNames } from "../subgraph-names.js";
import { checkOperationLimits, measureOperation, type OperationLimits } from "../limits/index.js";
import type { OperationGate, RunSingleOperation } from "./client-operation.js";
import { ConnectionBudget } from "./connection-budget.js";
import { SubscriptionEngine } from "./engine.js";
import { subscriptionMetrics } from "./metrics.js";
import { multipartSubscriptions } from "./multipart-transport.js";
import { SubscriptionPlanner } from "./planner.js";
import { attachSseTransport } from "./sse-transport.js";
import { DEFAULT_TRANSPORT_LIMITS, type TransportLimits, type TransportOptions } from "./transport-options.js";
import { UpstreamConnections } from "./upstream.js";
import { attachWsTransport, type WsLimits } from "./ws-transport.js";

export { CLOSE_SLOW_CLIENT, CLOSE_GOING_AWAY } from "./ws-transport.js";
export { DEFAULT_TRANSPORT_LIMITS, type TransportLimits } from "./transport-options.js";
export type { ClientOperation, RunSingleOperation } from "./client-operation.js";

export interface SubscriptionLimits extends WsLimits {
  maxDepth: number;
  maxClientBacklog: number;
  upstreamKeepAliveMs: number;
  upstreamRetryAttempts: number;
  dedupe: boolean;
}

export const DEFAULT_LIMITS: SubscriptionLimits = {
  maxConnections: 20_000,
  maxSubscriptionsPerConnection: 100,
  maxBufferedBytes: 1024 * 1024,
  keepAliveMs: 12_000,
  maxDepth: 12,
  maxClientBacklog: 1000,
  upstreamKeepAliveMs: 10_000,
  upstreamRetryAttempts: 8,
  dedupe: true,
};

export interface SubscriptionServer {
  stats(): {
    connections: number;
    clientSubscriptions: number;
    upstreamSubscriptions: number;
    upstreamConnections: number;
    executionGroups: number;
  };
  /** Live connections per client transport (SSE counts single-connection reservations too). */
  transportConnections(): { ws: number; sse: number; multipart: number };
  /** Multipart subscriptions on the HTTP route; mount it after the body parser and before Apollo's handler. */
  httpSubscriptions: RequestHandler;
  /** Ends SSE and multipart subscriptions with SHUTTING_DOWN, closes WebSockets with 1001, then every upstream. */
  close(): Promise<void>;
}

export async function attachSubscriptions(options: {
  httpServer: http.Server;
  app: Express;
  path: string;
  supergraphSdl: string;
  subgraphUrl(name: string): string;
  tokens: TokenService;
  logger: Logger;
  /**
   * Queries and mutations over graphql-ws and SSE; the gateway passes Apollo Server's executeOperation. Without it
   * (tests of the engine alone) they are refused by the planner like any operation it cannot serve.
   */
  runSingle?: RunSingleOperation;
  limits?: Partial<SubscriptionLimits>;
  /** The gateway's operation limits; every transport checks them before planning. */
  operationLimits?: OperationLimits;
  transportLimits?: Partial<TransportLimits>;
}): Promise<SubscriptionServer> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const transport = { ...DEFAULT_TRANSPORT_LIMITS, ...options.transportLimits };
  const metrics = subscriptionMetrics();
  const planner = new SubscriptionPlanner(options.supergraphSdl);
  const upstream = new UpstreamConnections({
    keepAliveMs: limits.upstreamKeepAliveMs,
    retryAttempts: limits.upstreamRetryAttempts,
    logger: options.logger,
  });
  const serviceMap = Object.fromEntries(
    subgraphNames(options.supergraphSdl).map((name) => [name, new IdentityForwardingDataSource({ url: options.subgraphUrl(name) })]),
  );
  const engine = new SubscriptionEngine({
    planner,
    upstream,
    serviceMap,
    subgraphWsUrl: (name) => options.subgraphUrl(name).replace(/^http/, "ws"),
    logger: options.logger,
    metrics,
    maxDepth: limits.maxDepth,
    maxClientBacklog: limits.maxClientBacklog,
    dedupe: limits.dedupe,
  });
  const budget = new ConnectionBudget({
    perTransport: { ws: limits.maxConnections, sse: transport.maxSseConnections, multipart: transport.maxMultipartConnections },
    perAddress: transport.maxConnectionsPerAddress,
    clientAddressHeader: transport.clientAddressHeader,
  });
  const operationLimits = options.operationLimits;
  const gate: OperationGate = operationLimits
    ? {
        maxTokens: operationLimits.maxTokens,
        check: (document, operationName, variables) =>
          checkOperationLimits(
            measureOperation(document, {
              operationName,
              schema: planner.apiGraphQLSchema,
              variables,
              defaultListSize: operationLimits.defaultListSize,
              passwordMutations: operationLimits.passwordMutations,
            }),
            operationLimits,
          ),
      }
    : {};
  const shared: TransportOptions = {
    engine,
    gate,
    ...(options.runSingle ? { runSingle: options.runSingle } : {}),
    tokens: options.tokens,
    logger: options.logger,
    metrics,
    budget,
    maxSubscriptionsPerConnection: limits.maxSubscriptionsPerConnection,
    maxBufferedBytes: limits.maxBufferedBytes,
    transport,
  };
  const ws = attachWsTransport({ ...shared, httpServer: options.httpServer, path: options.path, keepAliveMs: limits.keepAliveMs });
  const sse = attachSseTransport({ ...shared, app: options.app, path: `${options.path}/stream` });
  const multipart = multipartSubscriptions(shared);

  return {
    stats: () => ({ connections: ws.connections(), upstreamConnections: upstream.size, ...engine.stats() }),
    transportConnections: () => ({ ws: ws.connections(), sse: sse.connections(), multipart: multipart.connections() }),
    httpSubscriptions: multipart.middleware,
    close: async () => {
      await Promise.all([sse.close(), multipart.close(), ws.close()]);
      engine.close();
      await upstream.close();
    },
  };
}

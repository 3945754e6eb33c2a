// Federated subscriptions through the gateway: any subscription field a subgraph declares, with entity fields
// from other subgraphs resolved per event, over graphql-ws, SSE and multipart HTTP — with no gateway code per field.
// The same transports carry queries and mutations, through the gateway's HTTP query path.
import type http from "node:http";
import type { Express, RequestHandler } from "express";
import type { DocumentNode } from "graphql";
import { Registry } from "prom-client";
import type { TokenService } from "@tickergraph/auth";
import type { SubscriptionLimitsConfig } from "@tickergraph/config";
import { SUBSCRIPTION_LIMIT_DEFAULTS } from "@tickergraph/config";
import type { Logger } from "@tickergraph/telemetry";
import type { PersistedDocuments } from "../persisted-documents/index.js";
import { IdentityForwardingDataSource } from "../datasource.js";
import type { OperationLimits } from "../limits/index.js";
import { checkOperationLimits, measureOperation } from "../limits/index.js";
import type { OperationGate, RunSingleOperation } from "./client-operation.js";
import { SubscriptionAllowance } from "./client-allowance.js";
import { ConnectionBudget } from "./connection-budget.js";
import { subgraphEndpoints } from "../subgraph-names.js";
import { SubscriptionEngine } from "./engine.js";
import { subscriptionMetrics } from "./metrics.js";
import { multipartSubscriptions } from "./multipart-transport.js";
import { SubscriptionPlanner } from "./planner.js";
import { attachSseTransport } from "./sse-transport.js";
import type { TransportLimits, TransportOptions } from "./transport-options.js";
import { DEFAULT_TRANSPORT_LIMITS } from "./transport-options.js";
import { UpstreamConnections } from "./upstream.js";
import type { WsLimits } from "./ws-transport.js";
import { attachWsTransport } from "./ws-transport.js";

export { DEFAULT_TRANSPORT_LIMITS, type TransportLimits } from "./transport-options.js";
export type { ClientOperation, RunSingleOperation } from "./client-operation.js";

/**
 * Every limit, with its environment variable and default, lives in packages/config: subscription-limits.ts, and
 * OPERATION_MAX_DEPTH for `maxDepth` (the gateway passes config.operationLimits.maxDepth).
 */
export type SubscriptionLimits = SubscriptionLimitsConfig & WsLimits & { maxDepth: number };

export const DEFAULT_LIMITS: SubscriptionLimits = { ...SUBSCRIPTION_LIMIT_DEFAULTS, maxDepth: 12 };

export interface GatewaySubscriptions {
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
  /**
   * Plans against a new supergraph (throws, changing nothing, if it is unusable) and returns the swap: open
   * subscriptions are re-planned, keep their upstream where they can, and end with SCHEMA_CHANGED where the new
   * schema no longer has what they select.
   */
  prepareReload(supergraphSdl: string): () => { kept: number; moved: number; ended: number };
  /** Ends SSE and multipart subscriptions with SHUTTING_DOWN, closes WebSockets with 1001, then every upstream. */
  close(): Promise<void>;
}

export async function attachSubscriptions(options: {
  httpServer: http.Server;
  app: Express;
  path: string;
  supergraphSdl: string;
  /** Where a subgraph is reached; `composedUrl` is what the supergraph carries for it. */
  subgraphUrl(name: string, composedUrl?: string): string;
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
  /** The clock token expiry is judged by (tests inject one). */
  now?: () => number;
  /** Trusted documents: which document a subscribe message runs (all documents as sent when absent). */
  resolveDocument?: PersistedDocuments["resolve"];
  /** Field usage: called with each operation a client runs over these transports. */
  recordFieldUsage?: (document: DocumentNode) => void;
  /** Where delivery metrics go (the gateway's registry); a private one when absent (engine tests). */
  metricsRegistry?: Registry;
}): Promise<GatewaySubscriptions> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const transport = { ...DEFAULT_TRANSPORT_LIMITS, ...options.transportLimits };
  const metrics = subscriptionMetrics(options.metricsRegistry ?? new Registry());
  const planner = new SubscriptionPlanner(options.supergraphSdl, { logger: options.logger });
  const upstream = new UpstreamConnections({
    keepAliveMs: limits.upstreamKeepAliveMs,
    retryAttempts: limits.upstreamRetryAttempts,
    logger: options.logger,
  });
  const serviceMapOf = (supergraphSdl: string) =>
    Object.fromEntries(
      subgraphEndpoints(supergraphSdl).map(({ name, url }) => [
        name,
        new IdentityForwardingDataSource({ url: options.subgraphUrl(name, url) }),
      ]),
    );
  const serviceMap = serviceMapOf(options.supergraphSdl);
  const engine = new SubscriptionEngine({
    planner,
    upstream,
    serviceMap,
    subgraphWsUrl: (name) => options.subgraphUrl(name).replace(/^http/, "ws"),
    logger: options.logger,
    metrics,
    maxDepth: limits.maxDepth,
    maxClientBacklog: limits.maxClientBacklog,
    maxPendingEvents: limits.maxPendingEvents,
    dedupe: limits.dedupe,
    ...(options.now ? { now: options.now } : {}),
  });
  const budget = new ConnectionBudget({
    perTransport: {
      ws: limits.maxConnections,
      sse: transport.maxSseConnections,
      multipart: transport.maxMultipartConnections,
    },
    perAddress: transport.maxConnectionsPerAddress,
    clientAddressHeader: transport.clientAddressHeader,
  });
  const operationLimits = options.operationLimits;
  /** The schema operations are measured against; a supergraph reload swaps it. */
  let apiSchema = planner.apiGraphQLSchema;
  const gate: OperationGate = operationLimits
    ? {
        maxTokens: operationLimits.maxTokens,
        check: (document, operationName, variables) =>
          checkOperationLimits(
            measureOperation(document, {
              operationName,
              schema: apiSchema,
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
    allowance: new SubscriptionAllowance(limits.maxSubscriptionsPerClient),
    maxSubscriptionsPerConnection: limits.maxSubscriptionsPerConnection,
    maxBufferedBytes: limits.maxBufferedBytes,
    transport,
    resolveDocument: options.resolveDocument,
    recordFieldUsage: options.recordFieldUsage,
  };
  const ws = attachWsTransport({
    ...shared,
    httpServer: options.httpServer,
    path: options.path,
    keepAliveMs: limits.keepAliveMs,
  });
  const sse = attachSseTransport({ ...shared, app: options.app, path: `${options.path}/stream` });
  const multipart = multipartSubscriptions(shared);

  return {
    stats: () => ({ connections: ws.connections(), upstreamConnections: upstream.size, ...engine.stats() }),
    transportConnections: () => ({ ws: ws.connections(), sse: sse.connections(), multipart: multipart.connections() }),
    httpSubscriptions: multipart.middleware,
    prepareReload: (supergraphSdl) => {
      const nextPlanner = new SubscriptionPlanner(supergraphSdl, { logger: options.logger });
      const nextServiceMap = serviceMapOf(supergraphSdl);
      return () => {
        const outcome = engine.reload(nextPlanner, nextServiceMap);
        apiSchema = nextPlanner.apiGraphQLSchema;
        options.logger.info(outcome, "subscriptions re-planned against the new supergraph");
        return outcome;
      };
    },
    close: async () => {
      await Promise.all([sse.close(), multipart.close(), ws.close()]);
      engine.close();
      await upstream.close();
    },
  };
}

// Federated subscriptions through the gateway: any subscription field a subgraph declares, with entity fields
// from other subgraphs resolved per event, over graphql-ws and SSE — with no gateway code per field.
import type http from "node:http";
import type { Express } from "express";
import type { TokenService } from "@tickergraph/auth";
import type { Logger } from "@tickergraph/telemetry";
import { IdentityForwardingDataSource } from "../datasource.js";
import { subgraphNames } from "../subgraph-names.js";
import { SubscriptionEngine } from "./engine.js";
import { subscriptionMetrics } from "./metrics.js";
import { SubscriptionPlanner } from "./planner.js";
import { attachSseTransport } from "./sse-transport.js";
import { UpstreamConnections } from "./upstream.js";
import { attachWsTransport, type WsLimits } from "./ws-transport.js";

export { CLOSE_SLOW_CLIENT, CLOSE_GOING_AWAY } from "./ws-transport.js";

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
  stats(): { connections: number; clientSubscriptions: number; upstreamSubscriptions: number; upstreamConnections: number; executionGroups: number };
  /** Closes every client with 1001 and every upstream subscription. */
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
  limits?: Partial<SubscriptionLimits>;
  /** The clock token expiry is judged by (tests inject one). */
  now?: () => number;
}): Promise<SubscriptionServer> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const metrics = subscriptionMetrics();
  const planner = new SubscriptionPlanner(options.supergraphSdl);
  const upstream = new UpstreamConnections({
    keepAliveMs: limits.upstreamKeepAliveMs,
    retryAttempts: limits.upstreamRetryAttempts,
    logger: options.logger,
    ...(options.now ? { now: options.now } : {}),
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
    ...(options.now ? { now: options.now } : {}),
  });
  const ws = attachWsTransport({ httpServer: options.httpServer, path: options.path, engine, tokens: options.tokens, logger: options.logger, metrics, limits });
  attachSseTransport({ app: options.app, path: `${options.path}/stream`, engine, tokens: options.tokens, logger: options.logger });

  return {
    stats: () => ({ connections: ws.connections(), upstreamConnections: upstream.size, ...engine.stats() }),
    close: async () => {
      await ws.close();
      engine.close();
      await upstream.close();
    },
  };
}

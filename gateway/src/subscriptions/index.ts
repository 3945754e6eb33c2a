// Federated subscriptions through the gateway: any subscription field a subgraph declares, with entity fields
// from other subgraphs resolved per event, over graphql-ws and SSE — with no gateway code per field.
import type http from "node:http";
import type { Express } from "express";
import type { TokenService } from "@tickergraph/auth";
import { SUBSCRIPTION_LIMIT_DEFAULTS, type SubscriptionLimitsConfig } from "@tickergraph/config";
import type { Logger } from "@tickergraph/telemetry";
import { IdentityForwardingDataSource } from "../datasource.js";
import { subgraphEndpoints } from "../subgraph-names.js";
import { SubscriptionEngine } from "./engine.js";
import { subscriptionMetrics } from "./metrics.js";
import { SubscriptionPlanner } from "./planner.js";
import { attachSseTransport } from "./sse-transport.js";
import { UpstreamConnections } from "./upstream.js";
import { attachWsTransport, type WsLimits } from "./ws-transport.js";

export { CLOSE_SLOW_CLIENT, CLOSE_GOING_AWAY } from "./ws-transport.js";

/** Every limit, with its environment variable and default, lives in packages/config (subscription-limits.ts). */
export type SubscriptionLimits = SubscriptionLimitsConfig & WsLimits;

export const DEFAULT_LIMITS: SubscriptionLimits = SUBSCRIPTION_LIMIT_DEFAULTS;

export interface SubscriptionServer {
  stats(): { connections: number; clientSubscriptions: number; upstreamSubscriptions: number; upstreamConnections: number; executionGroups: number };
  /**
   * Plans against a new supergraph (throws, changing nothing, if it is unusable) and returns the swap: open
   * subscriptions are re-planned, keep their upstream where they can, and end with SCHEMA_CHANGED where the new
   * schema no longer has what they select.
   */
  prepareReload(supergraphSdl: string): () => { kept: number; moved: number; ended: number };
  /** Closes every client with 1001 and every upstream subscription. */
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
  });
  const serviceMapOf = (supergraphSdl: string) =>
    Object.fromEntries(
      subgraphEndpoints(supergraphSdl).map(({ name, url }) => [name, new IdentityForwardingDataSource({ url: options.subgraphUrl(name, url) })]),
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
  const ws = attachWsTransport({ httpServer: options.httpServer, path: options.path, engine, tokens: options.tokens, logger: options.logger, metrics, limits });
  attachSseTransport({ app: options.app, path: `${options.path}/stream`, engine, tokens: options.tokens, logger: options.logger });

  return {
    stats: () => ({ connections: ws.connections(), upstreamConnections: upstream.size, ...engine.stats() }),
    prepareReload: (supergraphSdl) => {
      const nextPlanner = new SubscriptionPlanner(supergraphSdl);
      const nextServiceMap = serviceMapOf(supergraphSdl);
      return () => {
        const outcome = engine.reload(nextPlanner, nextServiceMap);
        options.logger.info(outcome, "subscriptions re-planned against the new supergraph");
        return outcome;
      };
    },
    close: async () => {
      await ws.close();
      engine.close();
      await upstream.close();
    },
  };
}

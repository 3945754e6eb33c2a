// The gateway's subscription limits (engine and graphql-ws glue): one environment variable each, with its default.
// A subscription's depth is limited by OPERATION_MAX_DEPTH, like every other operation's.
import { z } from "zod";

export interface SubscriptionLimitsConfig {
  /** Open client WebSockets; past it an upgrade gets 503. */
  maxConnections: number;
  /** Subscriptions one WebSocket may hold at once. */
  maxSubscriptionsPerConnection: number;
  /** Subscriptions one client (a signed-in user, else a client address) may hold over all transports together. */
  maxSubscriptionsPerClient: number;
  /** Bytes queued in a socket's send buffer before the client is closed with 4008. */
  maxBufferedBytes: number;
  /** Interval of the gateway's pings to clients; a client that misses one is dropped. */
  keepAliveMs: number;
  /** Results a pull-based client (SSE) may have queued before it ends with SUBSCRIBER_TOO_SLOW. */
  maxClientBacklog: number;
  /** Events waiting for one execution group before its clients end with SUBSCRIPTION_OVERLOADED. */
  maxPendingEvents: number;
  /** Interval of the gateway's pings to subgraphs; no pong within one more interval → reconnect. */
  upstreamKeepAliveMs: number;
  /** Reconnect attempts to a subgraph before its clients end with SUBGRAPH_UNAVAILABLE. */
  upstreamRetryAttempts: number;
  /** Share upstreams and executions between clients (off only as a benchmark baseline). */
  dedupe: boolean;
}

export const SUBSCRIPTION_LIMIT_DEFAULTS: Readonly<SubscriptionLimitsConfig> = {
  maxConnections: 20_000,
  maxSubscriptionsPerConnection: 100,
  maxSubscriptionsPerClient: 1000,
  maxBufferedBytes: 1024 * 1024,
  keepAliveMs: 12_000,
  maxClientBacklog: 1000,
  maxPendingEvents: 10_000,
  upstreamKeepAliveMs: 10_000,
  upstreamRetryAttempts: 8,
  dedupe: true,
};

const count = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);
const d = SUBSCRIPTION_LIMIT_DEFAULTS;

/** Variable → setting, in the order the README lists them. */
export const SUBSCRIPTION_LIMIT_VARIABLES = {
  SUBSCRIPTION_MAX_CONNECTIONS: "maxConnections",
  SUBSCRIPTION_MAX_PER_CONNECTION: "maxSubscriptionsPerConnection",
  SUBSCRIPTION_MAX_PER_CLIENT: "maxSubscriptionsPerClient",
  SUBSCRIPTION_MAX_BUFFERED_BYTES: "maxBufferedBytes",
  SUBSCRIPTION_KEEP_ALIVE_MS: "keepAliveMs",
  SUBSCRIPTION_MAX_CLIENT_BACKLOG: "maxClientBacklog",
  SUBSCRIPTION_MAX_PENDING_EVENTS: "maxPendingEvents",
  SUBSCRIPTION_UPSTREAM_KEEP_ALIVE_MS: "upstreamKeepAliveMs",
  SUBSCRIPTION_UPSTREAM_RETRY_ATTEMPTS: "upstreamRetryAttempts",
  SUBSCRIPTION_DEDUPE: "dedupe",
} as const satisfies Record<string, keyof SubscriptionLimitsConfig>;

export const subscriptionLimitsEnv = {
  SUBSCRIPTION_MAX_CONNECTIONS: count(d.maxConnections),
  SUBSCRIPTION_MAX_PER_CONNECTION: count(d.maxSubscriptionsPerConnection),
  SUBSCRIPTION_MAX_PER_CLIENT: count(d.maxSubscriptionsPerClient),
  SUBSCRIPTION_MAX_BUFFERED_BYTES: count(d.maxBufferedBytes, 1024),
  SUBSCRIPTION_KEEP_ALIVE_MS: count(d.keepAliveMs, 10),
  SUBSCRIPTION_MAX_CLIENT_BACKLOG: count(d.maxClientBacklog),
  SUBSCRIPTION_MAX_PENDING_EVENTS: count(d.maxPendingEvents),
  SUBSCRIPTION_UPSTREAM_KEEP_ALIVE_MS: count(d.upstreamKeepAliveMs, 10),
  SUBSCRIPTION_UPSTREAM_RETRY_ATTEMPTS: count(d.upstreamRetryAttempts, 0),
  SUBSCRIPTION_DEDUPE: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),
};

type ParsedLimits = { [K in keyof typeof subscriptionLimitsEnv]: z.infer<(typeof subscriptionLimitsEnv)[K]> };

export function subscriptionLimitsFrom(env: ParsedLimits): SubscriptionLimitsConfig {
  const out = {} as Record<keyof SubscriptionLimitsConfig, number | boolean>;
  for (const [variable, setting] of Object.entries(SUBSCRIPTION_LIMIT_VARIABLES)) {
    out[setting] = env[variable as keyof ParsedLimits];
  }
  return out as unknown as SubscriptionLimitsConfig;
}

import { z } from "zod";
import type { SubscriptionLimitsConfig } from "./subscription-limits.js";
import { subscriptionLimitsEnv, subscriptionLimitsFrom } from "./subscription-limits.js";
import type { NotificationConfig } from "./notification.js";
import { notificationConfig, notificationEnvShape } from "./notification.js";
import type { AnalyticsConfig } from "./analytics.js";
import { analyticsConfig, analyticsEnvShape } from "./analytics.js";

export const SERVICE_NAMES = ["user", "market", "alert", "notification", "analytics"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

const DEV_JWT_SECRET = "tickergraph-embedded-development-secret-do-not-use";

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .default("false")
  .transform((v) => v === "true" || v === "1");
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const count = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const ms = (fallback: number) => z.coerce.number().int().min(10).default(fallback);

export const envSchema = z.object({
  TICKERGRAPH_MODE: z.enum(["embedded", "distributed"]).default("embedded"),
  HOST: z.string().default("127.0.0.1"),
  GATEWAY_PORT: port(4000),
  USER_PORT: port(4001),
  MARKET_PORT: port(4002),
  ALERT_PORT: port(4003),
  NOTIFICATION_PORT: port(4004),
  ANALYTICS_PORT: port(4005),
  // The user subgraph's internal gRPC UserDirectory (market and alert ask it whether a token's user exists).
  USER_GRPC_PORT: port(4106),
  USER_GRPC_ADDRESS: z.string().min(1).optional(),
  USER_URL: z.url().optional(),
  MARKET_URL: z.url().optional(),
  ALERT_URL: z.url().optional(),
  NOTIFICATION_URL: z.url().optional(),
  ANALYTICS_URL: z.url().optional(),
  DATA_DIR: z.string().default(".data"),
  RESET_DATA: bool,
  DATABASE_URL: z.string().default("postgres://postgres@127.0.0.1:5432/test"),
  DB_SCHEMA_PREFIX: z
    .string()
    .regex(/^[a-z0-9_]*$/, "lowercase letters, digits and _ only")
    .default(""),
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  REDIS_CHANNEL_PREFIX: z.string().default("tg:"),
  KAFKA_BROKERS: z.string().default("127.0.0.1:9092"),
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/)
    .default(""),
  KAFKA_CLIENT_ID: z.string().default("tickergraph"),
  JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  JWT_TTL_SECONDS: z.coerce.number().int().positive().default(86_400),
  SHARE_TICK_MS: ms(5000),
  SHARE_TICK_BATCH: z.coerce.number().int().min(1).max(50_000).default(5000),
  PRICE_TICK_MS: ms(1000),
  OUTBOX_POLL_MS: ms(200),
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(1000),
  // Client transports of the gateway (graphql-ws, SSE, multipart): bounds per message and per connection.
  TRANSPORT_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  SSE_MAX_CONNECTIONS: z.coerce.number().int().min(0).default(10_000),
  MULTIPART_MAX_CONNECTIONS: z.coerce.number().int().min(0).default(10_000),
  MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(1000),
  CLIENT_ADDRESS_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]*$/, "a header name")
    .default(""),
  MULTIPART_HEARTBEAT_MS: ms(5000),
  // Hardening: what subgraphs show, where browsers may call from, and the embedded mode's token secret.
  SUBGRAPH_PUBLIC_SCHEMA: bool,
  CORS_ORIGINS: z.string().default("*"),
  JWT_INSECURE_DEV_SECRET: bool,
  // Operation limits (gateway, every transport): see the README's "Limits" section.
  OPERATION_MAX_TOKENS: count(15_000),
  OPERATION_MAX_DEPTH: count(12),
  OPERATION_MAX_ALIASES: count(50),
  OPERATION_MAX_ROOT_FIELDS: count(20),
  OPERATION_MAX_COST: count(25_000),
  OPERATION_DEFAULT_LIST_SIZE: count(20),
  OPERATION_MAX_PASSWORD_MUTATIONS: count(1),
  OPERATION_PASSWORD_MUTATIONS: z.string().default("login,register"),
  // The gateway's HTTP query path.
  QUERY_SHARING: z
    .enum(["true", "false", "1", "0", ""])
    .default("true")
    .transform((v) => v !== "false" && v !== "0"),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  // Gateway: which supergraph it serves (reloaded when the file changes).
  SUPERGRAPH_PATH: z.string().min(1).optional(),
  ...subscriptionLimitsEnv,
  ...notificationEnvShape,
  // Trusted documents (gateway/src/persisted-documents): which operations the gateway runs.
  PERSISTED_OPERATIONS: z.enum(["off", "allow", "enforce"]).default("allow"),
  PERSISTED_OPERATIONS_MANIFEST: z.string().default(""),
  ...analyticsEnvShape,
});

export interface AppConfig {
  mode: "embedded" | "distributed";
  host: string;
  /** `supergraphPath` undefined: the committed schema/supergraph.graphql. */
  gateway: { port: number; supergraphPath: string | undefined };
  services: Record<ServiceName, { port: number; url: string | undefined }>;
  db: { url: string; schemaPrefix: string; dataDir: string; resetData: boolean };
  redis: { url: string; channelPrefix: string };
  kafka: { brokers: string[]; topicPrefix: string; clientId: string };
  auth: {
    jwtSecret: string;
    tokenTtlSeconds: number;
    /**
     * `env`: JWT_SECRET. `generate`: embedded mode without one; the launcher replaces the placeholder with a random
     * secret kept in DATA_DIR. `insecure-dev`: the fixed public secret, only with JWT_INSECURE_DEV_SECRET=true.
     */
    secretSource: "env" | "generate" | "insecure-dev";
  };
  ticks: { shareValueMs: number; shareValueBatch: number; priceMs: number };
  outbox: { pollMs: number; batchSize: number };
  transports: {
    maxMessageBytes: number;
    maxSseConnections: number;
    maxMultipartConnections: number;
    maxConnectionsPerAddress: number;
    clientAddressHeader: string;
    multipartHeartbeatMs: number;
  };
  operationLimits: {
    maxTokens: number;
    maxDepth: number;
    maxAliases: number;
    maxRootFields: number;
    maxCost: number;
    defaultListSize: number;
    maxPasswordMutations: number;
    passwordMutations: string[];
  };
  /** The gateway's HTTP query path: `sharing` runs identical in-flight queries once (see gateway/src/query). */
  queryPath: { sharing: boolean };
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  /** The gateway's subscription limits (see subscription-limits.ts). */
  subscriptions: SubscriptionLimitsConfig;
  /** Subgraph introspection, Sandbox, `_service` and CORS: off unless asked for (subgraphs are internal). */
  subgraphs: { publicSchema: boolean };
  /** Origins browsers may call the gateway from: `*` or a list. */
  cors: { origins: "*" | string[] };
  notification: NotificationConfig;
  /** The internal interface every gRPC server binds to. */
  grpc: { host: string };
  /** The user subgraph's internal gRPC UserDirectory: bound at `grpc.host:grpcPort`, dialled at `grpcAddress`. */
  user: { grpcPort: number; grpcAddress?: string };
  /** Who gets the ADMIN role in their token (emails, lower-cased). */
  roles: { adminEmails: string[] };
  /** Empty manifestPath: the typed client's manifest in the repository. */
  persistedOperations: { mode: "off" | "allow" | "enforce"; manifestPath: string };
  analytics: AnalyticsConfig;
}

/** Partial config merged over what the environment says; tests and the embedded launcher use it. */
export type ConfigOverrides = {
  [K in keyof AppConfig]?: AppConfig[K] extends object ? Partial<AppConfig[K]> : AppConfig[K];
};

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: ConfigOverrides = {},
): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.TICKERGRAPH_MODE === "distributed" && !e.JWT_SECRET && !overrides.auth?.jwtSecret) {
    throw new Error("Invalid configuration: JWT_SECRET is required in distributed mode");
  }
  const weakness = e.TICKERGRAPH_MODE === "distributed" && e.JWT_SECRET ? secretWeakness(e.JWT_SECRET) : undefined;
  if (weakness)
    throw new Error(`Invalid configuration: JWT_SECRET is weak (${weakness}); use e.g. \`openssl rand -hex 32\``);
  // A subgraph's URL is configured when <NAME>_URL is set, or <NAME>_PORT is (a local run on other ports);
  // otherwise the gateway takes the URL the supergraph carries.
  const svc = (p: number, url: string | undefined, portVariable: string) => ({
    port: p,
    url: url ?? (env[portVariable] !== undefined && p !== 0 ? `http://${e.HOST}:${p}/graphql` : undefined),
  });
  const base: AppConfig = {
    mode: e.TICKERGRAPH_MODE,
    host: e.HOST,
    gateway: { port: e.GATEWAY_PORT, supergraphPath: e.SUPERGRAPH_PATH },
    services: {
      user: svc(e.USER_PORT, e.USER_URL, "USER_PORT"),
      market: svc(e.MARKET_PORT, e.MARKET_URL, "MARKET_PORT"),
      alert: svc(e.ALERT_PORT, e.ALERT_URL, "ALERT_PORT"),
      notification: svc(e.NOTIFICATION_PORT, e.NOTIFICATION_URL, "NOTIFICATION_PORT"),
      analytics: svc(e.ANALYTICS_PORT, e.ANALYTICS_URL, "ANALYTICS_PORT"),
    },
    db: { url: e.DATABASE_URL, schemaPrefix: e.DB_SCHEMA_PREFIX, dataDir: e.DATA_DIR, resetData: e.RESET_DATA },
    redis: { url: e.REDIS_URL, channelPrefix: e.REDIS_CHANNEL_PREFIX },
    kafka: {
      brokers: e.KAFKA_BROKERS.split(",")
        .map((b) => b.trim())
        .filter(Boolean),
      topicPrefix: e.KAFKA_TOPIC_PREFIX,
      clientId: e.KAFKA_CLIENT_ID,
    },
    auth: {
      jwtSecret: e.JWT_SECRET ?? DEV_JWT_SECRET,
      tokenTtlSeconds: e.JWT_TTL_SECONDS,
      secretSource: e.JWT_SECRET ? "env" : e.JWT_INSECURE_DEV_SECRET ? "insecure-dev" : "generate",
    },
    ticks: { shareValueMs: e.SHARE_TICK_MS, shareValueBatch: e.SHARE_TICK_BATCH, priceMs: e.PRICE_TICK_MS },
    outbox: { pollMs: e.OUTBOX_POLL_MS, batchSize: e.OUTBOX_BATCH_SIZE },
    transports: {
      maxMessageBytes: e.TRANSPORT_MAX_MESSAGE_BYTES,
      maxSseConnections: e.SSE_MAX_CONNECTIONS,
      maxMultipartConnections: e.MULTIPART_MAX_CONNECTIONS,
      maxConnectionsPerAddress: e.MAX_CONNECTIONS_PER_ADDRESS,
      clientAddressHeader: e.CLIENT_ADDRESS_HEADER,
      multipartHeartbeatMs: e.MULTIPART_HEARTBEAT_MS,
    },
    operationLimits: {
      maxTokens: e.OPERATION_MAX_TOKENS,
      maxDepth: e.OPERATION_MAX_DEPTH,
      maxAliases: e.OPERATION_MAX_ALIASES,
      maxRootFields: e.OPERATION_MAX_ROOT_FIELDS,
      maxCost: e.OPERATION_MAX_COST,
      defaultListSize: e.OPERATION_DEFAULT_LIST_SIZE,
      maxPasswordMutations: e.OPERATION_MAX_PASSWORD_MUTATIONS,
      passwordMutations: e.OPERATION_PASSWORD_MUTATIONS.split(",")
        .map((n) => n.trim())
        .filter(Boolean),
    },
    queryPath: { sharing: e.QUERY_SHARING },
    logLevel: e.LOG_LEVEL,
    subscriptions: subscriptionLimitsFrom(e),
    subgraphs: { publicSchema: e.SUBGRAPH_PUBLIC_SCHEMA },
    cors: { origins: parseOrigins(e.CORS_ORIGINS) },
    ...notificationConfig(e),
    user: { grpcPort: e.USER_GRPC_PORT, grpcAddress: e.USER_GRPC_ADDRESS },
    persistedOperations: { mode: e.PERSISTED_OPERATIONS, manifestPath: e.PERSISTED_OPERATIONS_MANIFEST },
    ...analyticsConfig(e),
  };
  return merge(base, overrides);
}

/** Why a signing secret is guessable, or undefined: the public dev secret, or too few distinct characters. */
export function secretWeakness(secret: string): string | undefined {
  if (secret === DEV_JWT_SECRET) return "it is the public development secret";
  if (new Set(secret).size < 10) return "fewer than 10 distinct characters";
  return undefined;
}

function parseOrigins(value: string): "*" | string[] {
  const origins = value
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  return origins.length === 0 || origins.includes("*") ? "*" : origins;
}

function merge(base: AppConfig, overrides: ConfigOverrides): AppConfig {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const current = (base as unknown as Record<string, unknown>)[key];
    out[key] =
      value && typeof value === "object" && !Array.isArray(value) && current && typeof current === "object"
        ? { ...current, ...value }
        : value;
  }
  return out as unknown as AppConfig;
}

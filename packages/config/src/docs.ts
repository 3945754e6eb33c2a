// The README's configuration table, rendered from the env schema (config.ts), which is the one source of the
// variables' names, order, defaults and allowed values; this module adds only what each one means, keyed by the
// schema's own names, so a variable without a meaning does not compile. `npm run docs:config` writes the table;
// a unit test fails when the README differs.
import type { z } from "zod";
import { envSchema } from "./config.js";

export type EnvVariable = keyof typeof envSchema.shape;

interface VariableDoc {
  meaning: string;
  /** For a default the schema cannot state: unset, or worked out elsewhere. */
  shownDefault?: string;
}

export const CONFIG_DOCS: { readonly [K in EnvVariable]: VariableDoc } = {
  TICKERGRAPH_MODE: {
    meaning: "`embedded`: one process, PGlite, in-process bus and pub/sub. `distributed`: Postgres, Kafka, Redis.",
  },
  HOST: { meaning: "Interface every server binds to (`0.0.0.0` in containers)." },
  GATEWAY_PORT: { meaning: "Gateway HTTP + WebSocket port." },
  USER_PORT: { meaning: "Port of the user subgraph. `0` picks a free port." },
  MARKET_PORT: { meaning: "Port of the market subgraph. `0` picks a free port." },
  ALERT_PORT: { meaning: "Port of the alert subgraph. `0` picks a free port." },
  NOTIFICATION_PORT: { meaning: "Port of the notification subgraph. `0` picks a free port." },
  ANALYTICS_PORT: { meaning: "Port of the analytics subgraph. `0` picks a free port." },
  USER_URL: {
    meaning:
      "Where the gateway reaches the user subgraph. Unset: `http://HOST:USER_PORT/graphql` when that port is set, else the URL the supergraph carries (`join__graph(url:)`).",
    shownDefault: "from the supergraph",
  },
  MARKET_URL: {
    meaning:
      "Where the gateway reaches the market subgraph. Unset: `http://HOST:MARKET_PORT/graphql` when that port is set, else the URL the supergraph carries (`join__graph(url:)`).",
    shownDefault: "from the supergraph",
  },
  ALERT_URL: {
    meaning:
      "Where the gateway reaches the alert subgraph. Unset: `http://HOST:ALERT_PORT/graphql` when that port is set, else the URL the supergraph carries (`join__graph(url:)`).",
    shownDefault: "from the supergraph",
  },
  NOTIFICATION_URL: {
    meaning:
      "Where the gateway reaches the notification subgraph. Unset: `http://HOST:NOTIFICATION_PORT/graphql` when that port is set, else the URL the supergraph carries (`join__graph(url:)`).",
    shownDefault: "from the supergraph",
  },
  ANALYTICS_URL: {
    meaning:
      "Where the gateway reaches the analytics subgraph. Unset: `http://HOST:ANALYTICS_PORT/graphql` when that port is set, else the URL the supergraph carries (`join__graph(url:)`).",
    shownDefault: "from the supergraph",
  },
  DATA_DIR: { meaning: "Embedded mode: where PGlite keeps its files." },
  RESET_DATA: { meaning: "Embedded mode: wipe DATA_DIR before starting (`npm start -- --reset` does the same)." },
  DATABASE_URL: { meaning: "Distributed mode: Postgres connection string." },
  DB_SCHEMA_PREFIX: {
    meaning: "Prefix for each service's Postgres schema (`<prefix>user`, …); tests use a unique one per run.",
  },
  REDIS_URL: { meaning: "Distributed mode: Redis for subscriptions." },
  REDIS_CHANNEL_PREFIX: { meaning: "Prefix of every Redis pub/sub channel." },
  KAFKA_BROKERS: { meaning: "Distributed mode: comma-separated Kafka brokers." },
  KAFKA_TOPIC_PREFIX: { meaning: "Prefix of every topic and consumer group; tests use a unique one per run." },
  KAFKA_CLIENT_ID: { meaning: "Kafka client id of every producer and consumer (shows in broker logs and metrics)." },
  JWT_SECRET: {
    meaning:
      "HS256 signing key, ≥ 32 chars with ≥ 10 distinct characters. Required in distributed mode, which refuses a weak one. Embedded mode without it generates a random one into `DATA_DIR/jwt-secret` (mode 0600) on first start.",
    shownDefault: "generated (embedded)",
  },
  JWT_TTL_SECONDS: { meaning: "Token lifetime." },
  SHARE_TICK_MS: { meaning: "Share-value random-walk interval." },
  SHARE_TICK_BATCH: { meaning: "Users updated per SQL statement during a tick." },
  PRICE_TICK_MS: { meaning: "Market price tick interval." },
  OUTBOX_POLL_MS: { meaning: "Outbox relay polling interval (it is also woken after each commit)." },
  OUTBOX_BATCH_SIZE: {
    meaning:
      "Events per relay transaction (one Kafka produce). Larger relays faster; keep a batch per partition under the broker's 1 MB `message.max.bytes`.",
  },
  TRANSPORT_MAX_MESSAGE_BYTES: {
    meaning:
      "Largest graphql-ws message and `/graphql/stream` request body; larger ones get close code 1009 or a 413 `PAYLOAD_TOO_LARGE`.",
  },
  SSE_MAX_CONNECTIONS: {
    meaning:
      "Open SSE streams and single-connection reservations the gateway holds; past it `TOO_MANY_CONNECTIONS` (429).",
  },
  MULTIPART_MAX_CONNECTIONS: {
    meaning: "Open multipart subscription responses the gateway holds; past it `TOO_MANY_CONNECTIONS` (429).",
  },
  MAX_CONNECTIONS_PER_ADDRESS: {
    meaning: "Live connections (WebSocket, SSE, multipart together) one client address may hold.",
  },
  CLIENT_ADDRESS_HEADER: {
    meaning:
      "Behind a proxy: the header carrying the client's address (e.g. `x-forwarded-for`; its last entry is used). Empty: the socket's peer address.",
  },
  MULTIPART_HEARTBEAT_MS: { meaning: "Interval of `{}` heartbeat parts on multipart subscriptions." },
  SUBGRAPH_PUBLIC_SCHEMA: {
    meaning:
      "Subgraphs answer introspection, serve the Sandbox page, `_service { sdl }` and CORS. Off: only the gateway is explorable.",
  },
  CORS_ORIGINS: {
    meaning:
      "Origins browsers may call the gateway from: `*`, or a comma-separated list (`https://app.example.com,https://admin.example.com`). Tokens travel in headers, not cookies, so `*` lets any page use a token it already holds, nothing more.",
  },
  JWT_INSECURE_DEV_SECRET: {
    meaning:
      "Embedded mode: sign with the fixed public development secret instead (anyone can forge tokens; logged as a warning).",
  },
  OPERATION_MAX_TOKENS: {
    meaning:
      "Gateway: lexical tokens per document; parsing stops there (`GRAPHQL_PARSE_FAILED`). See [Limits](#operation-limits-gateway).",
  },
  OPERATION_MAX_DEPTH: { meaning: "Gateway: deepest field nesting, fragments expanded (HTTP and subscriptions)." },
  OPERATION_MAX_ALIASES: { meaning: "Gateway: aliased fields per operation, fragments expanded." },
  OPERATION_MAX_ROOT_FIELDS: { meaning: "Gateway: top-level fields per operation, fragments expanded." },
  OPERATION_MAX_COST: {
    meaning: "Gateway: estimated fields in the response (a list multiplies its children by its size).",
  },
  OPERATION_DEFAULT_LIST_SIZE: {
    meaning: "Gateway: items assumed for a list field with no size argument and no schema default.",
  },
  OPERATION_MAX_PASSWORD_MUTATIONS: {
    meaning: "Gateway: password-hashing mutations (`login`, `register`, …) per request.",
  },
  OPERATION_PASSWORD_MUTATIONS: {
    meaning:
      "Gateway: mutation names that hash a password, besides any mutation with a `password` argument or input field.",
  },
  QUERY_SHARING: {
    meaning:
      'Run identical in-flight queries once and share the response bytes (see "Queries through the gateway"); `false` only as a benchmark baseline.',
  },
  LOG_LEVEL: { meaning: "Log level (pino) of every service, and of the start-up and shutdown messages." },
  SUPERGRAPH_PATH: {
    meaning:
      "The supergraph the gateway serves. A change to the file is validated and applied without a restart; open subscriptions keep running unless the schema lost what they select (then `SCHEMA_CHANGED`).",
    shownDefault: "schema/supergraph.graphql",
  },
  SUBSCRIPTION_MAX_CONNECTIONS: { meaning: "Open client WebSockets per gateway; past it an upgrade gets 503." },
  SUBSCRIPTION_MAX_PER_CONNECTION: { meaning: "Subscriptions one WebSocket may hold at once (more: BAD_USER_INPUT)." },
  SUBSCRIPTION_MAX_PER_CLIENT: {
    meaning:
      "Subscriptions one client (a signed-in user, else a client address) may hold over graphql-ws, SSE and multipart together (more: BAD_USER_INPUT).",
  },
  SUBSCRIPTION_MAX_BUFFERED_BYTES: {
    meaning: "Bytes queued in a client socket's send buffer before it is closed with 4008 (too slow).",
  },
  SUBSCRIPTION_KEEP_ALIVE_MS: { meaning: "Ping interval to clients; a client that misses a pong is dropped." },
  SUBSCRIPTION_MAX_CLIENT_BACKLOG: {
    meaning: "Results a pull-based client (SSE) may have queued before it ends with SUBSCRIBER_TOO_SLOW.",
  },
  SUBSCRIPTION_MAX_PENDING_EVENTS: {
    meaning: "Events waiting for one shared execution before its clients end with SUBSCRIPTION_OVERLOADED.",
  },
  SUBSCRIPTION_UPSTREAM_KEEP_ALIVE_MS: {
    meaning: "Ping interval to subgraphs; no pong within one more interval → reconnect.",
  },
  SUBSCRIPTION_UPSTREAM_RETRY_ATTEMPTS: {
    meaning: "Reconnects to a subgraph (exponential backoff) before its clients end with SUBGRAPH_UNAVAILABLE.",
  },
  SUBSCRIPTION_DEDUPE: {
    meaning: "Share upstreams and executions between clients; `false` only as a benchmark baseline.",
  },
  GRPC_HOST: {
    meaning: "Internal interface the gRPC servers (service-to-service only) bind to; never the public one.",
  },
  USER_GRPC_PORT: {
    meaning:
      "Port of the user service's internal gRPC `UserDirectory` (bound to `GRPC_HOST`); market and alert dial it to refuse writes by tokens of users that no longer exist. `0` picks a free port (then tell the other services the bound one).",
  },
  USER_GRPC_ADDRESS: {
    meaning:
      "Where market and alert dial the `UserDirectory` (`host:port`) when it is on another host, e.g. `user:4106` in Compose.",
    shownDefault: "`GRPC_HOST:USER_GRPC_PORT`",
  },
  NOTIFICATION_GRPC_PORT: {
    meaning: "Port of the notification service's gRPC `NotificationService`. `0` picks a free port.",
  },
  ADMIN_EMAILS: {
    meaning:
      "Comma-separated emails whose tokens carry `role: ADMIN` (set at register and login): they may `sendNotification` and drain the dead-letter queue.",
  },
  SMTP_URL: {
    meaning:
      "Where email goes, e.g. `smtp://user:pass@mail:1025`. Empty: an in-process SMTP server writes each mail to `DATA_DIR/mail/`.",
    shownDefault: "(empty: in-process sink)",
  },
  MAIL_FROM: { meaning: "Sender of every email." },
  SMS_WEBHOOK_URL: {
    meaning:
      "SMS provider endpoint: one POST per message with `to` and `body`; any 2xx is accepted. Empty: an in-process sink writes each SMS to `DATA_DIR/sms/`.",
    shownDefault: "(empty: in-process sink)",
  },
  SMS_WEBHOOK_FORMAT: { meaning: "`json` or `form` (application/x-www-form-urlencoded) body for the SMS webhook." },
  DELIVERY_MAX_ATTEMPTS: { meaning: "Attempts per email/SMS before it is DEAD (in the dead-letter queue)." },
  DELIVERY_RETRY_BASE_MS: {
    meaning: "First retry delay; each retry doubles it, with jitter (a random 50–100 % of the delay).",
  },
  DELIVERY_RETRY_MAX_MS: { meaning: "Ceiling of one retry delay." },
  DELIVERY_POLL_MS: {
    meaning: "How often the delivery worker looks for due jobs (it is also woken when jobs are added).",
  },
  DELIVERY_BATCH_SIZE: { meaning: "Jobs one worker claims (and sends concurrently) per round." },
  DELIVERY_TIMEOUT_MS: { meaning: "Deadline of one SMTP send or webhook call; past it the attempt counts as failed." },
  BROADCAST_BATCH_SIZE: { meaning: "Recipients per transaction when `sendNotification` goes to everyone." },
  PERSISTED_OPERATIONS: {
    meaning:
      "Trusted documents: `off` (any query; Apollo's APQ cache as before), `allow` (any query, plus `documentId` / `extensions.persistedQuery` from the manifest), `enforce` (only documents in the manifest). See [Trusted documents](#trusted-documents-persisted-operations).",
  },
  PERSISTED_OPERATIONS_MANIFEST: {
    meaning:
      "Persisted-documents manifest: graphql-codegen client preset JSON or Apollo's persisted query manifest; reloaded when the file changes. Empty: `clients/typescript/src/gql/persisted-documents.json` in the repository.",
    shownDefault: "(the typed client's)",
  },
  ANALYTICS_FLUSH_MS: {
    meaning:
      "Analytics: how long share-value changes are folded in memory before one write of all of them (their Kafka offsets are committed after it). Longer: fewer rows written per event, staler statistics.",
  },
  ANALYTICS_MAX_PENDING: {
    meaning:
      "Analytics: pending (user, bucket) deltas before the share-value consumer waits for a write (bounds memory).",
  },
  ANALYTICS_WRITERS: {
    meaning:
      "Analytics: transactions (Postgres connections) each share-value write is split into, by user, so the upserts use several cores. The embedded mode (PGlite) uses 1.",
  },
  ANALYTICS_GRPC_PORT: {
    meaning:
      "Port of the analytics service's internal gRPC `WalletService` (bound to `GRPC_HOST`). `0` picks a free port.",
  },
};

export const CONFIG_TABLE_START =
  "<!-- config-table:start (generated by `npm run docs:config` from packages/config/src/config.ts and docs.ts) -->";
export const CONFIG_TABLE_END = "<!-- config-table:end -->";

const cell = (text: string) => text.replaceAll("|", "\\|");

/** The schema's default as an operator would write it ("(empty)", "(unset)" when there is none). */
function defaultOf(schema: z.ZodType): string {
  const parsed = schema.safeParse(undefined);
  if (!parsed.success || parsed.data === undefined) return "(unset)";
  const value = parsed.data;
  if (value === "" || (Array.isArray(value) && value.length === 0)) return "(empty)";
  return Array.isArray(value) ? value.join(",") : String(value);
}

/** The values an enum variable accepts (booleans are left out: their spellings are documented once, below). */
function allowedValues(schema: z.ZodType): string[] | undefined {
  // biome-ignore lint/suspicious/noExplicitAny: zod's internal definition tree; read-only walk through wrappers.
  let def: any = schema.def;
  while (def && def.type !== "enum") def = def.innerType?.def ?? def.in?.def;
  if (!def) return undefined;
  const values = Object.values(def.entries as Record<string, string>);
  return values.includes("true") ? undefined : values;
}

export function renderConfigTable(): string {
  const rows = (Object.entries(envSchema.shape) as Array<[EnvVariable, z.ZodType]>).map(([variable, schema]) => {
    const doc = CONFIG_DOCS[variable];
    const values = allowedValues(schema);
    const meaning =
      values && !values.every((value) => doc.meaning.includes(`\`${value}\``))
        ? `${doc.meaning} One of ${values.map((value) => `\`${value}\``).join(", ")}.`
        : doc.meaning;
    return `| \`${variable}\` | ${cell(doc.shownDefault ?? defaultOf(schema))} | ${cell(meaning)} |`;
  });
  return [
    CONFIG_TABLE_START,
    "",
    "| variable | default | meaning |",
    "|---|---|---|",
    ...rows,
    "",
    "Booleans accept `true`/`1` and `false`/`0`.",
    "",
    CONFIG_TABLE_END,
  ].join("\n");
}

/** `readme` with its generated block replaced by the current table; throws when the markers are missing. */
export function withConfigTable(readme: string): string {
  const start = readme.indexOf(CONFIG_TABLE_START);
  const end = readme.indexOf(CONFIG_TABLE_END);
  if (start === -1 || end === -1 || end < start) throw new Error("README has no config-table markers");
  return readme.slice(0, start) + renderConfigTable() + readme.slice(end + CONFIG_TABLE_END.length);
}

// Documentation of every variable, rendered into the README's config table.
import { SUBSCRIPTION_LIMIT_DOCS } from "./subscription-limits.js";

export const CONFIG_DOCS: ReadonlyArray<{ variable: string; default: string; meaning: string }> = [
  {
    variable: "TICKERGRAPH_MODE",
    default: "embedded",
    meaning: "`embedded`: one process, PGlite, in-process bus and pub/sub. `distributed`: Postgres, Kafka, Redis.",
  },
  { variable: "HOST", default: "127.0.0.1", meaning: "Interface every server binds to (`0.0.0.0` in containers)." },
  { variable: "GATEWAY_PORT", default: "4000", meaning: "Gateway HTTP + WebSocket port." },
  {
    variable: "USER_PORT … ANALYTICS_PORT",
    default: "4001 … 4005",
    meaning: "Subgraph ports (user, market, alert, notification, analytics). `0` picks a free port.",
  },
  {
    variable: "USER_URL … ANALYTICS_URL",
    default: "from the supergraph",
    meaning:
      "Where the gateway reaches each subgraph. Unset: `http://HOST:<NAME>_PORT/graphql` when that port is set, else the URL the supergraph carries (`join__graph(url:)`).",
  },
  { variable: "DATA_DIR", default: ".data", meaning: "Embedded mode: where PGlite keeps its files." },
  {
    variable: "RESET_DATA",
    default: "false",
    meaning: "Embedded mode: wipe DATA_DIR before starting (`npm start -- --reset` does the same).",
  },
  {
    variable: "DATABASE_URL",
    default: "postgres://postgres@127.0.0.1:5432/test",
    meaning: "Distributed mode: Postgres connection string.",
  },
  {
    variable: "DB_SCHEMA_PREFIX",
    default: "(empty)",
    meaning: "Prefix for each service's Postgres schema (`<prefix>user`, …); tests use a unique one per run.",
  },
  { variable: "REDIS_URL", default: "redis://127.0.0.1:6379", meaning: "Distributed mode: Redis for subscriptions." },
  { variable: "REDIS_CHANNEL_PREFIX", default: "tg:", meaning: "Prefix of every Redis pub/sub channel." },
  { variable: "KAFKA_BROKERS", default: "127.0.0.1:9092", meaning: "Distributed mode: comma-separated Kafka brokers." },
  {
    variable: "KAFKA_TOPIC_PREFIX",
    default: "(empty)",
    meaning: "Prefix of every topic and consumer group; tests use a unique one per run.",
  },
  {
    variable: "JWT_SECRET",
    default: "dev-only secret (embedded)",
    meaning: "HS256 signing key, ≥ 32 chars. Required in distributed mode.",
  },
  { variable: "JWT_TTL_SECONDS", default: "86400", meaning: "Token lifetime." },
  { variable: "SHARE_TICK_MS", default: "5000", meaning: "Share-value random-walk interval." },
  { variable: "SHARE_TICK_BATCH", default: "5000", meaning: "Users updated per SQL statement during a tick." },
  { variable: "PRICE_TICK_MS", default: "1000", meaning: "Market price tick interval." },
  {
    variable: "OUTBOX_POLL_MS",
    default: "200",
    meaning: "Outbox relay polling interval (it is also woken after each commit).",
  },
  {
    variable: "OUTBOX_BATCH_SIZE",
    default: "1000",
    meaning:
      "Events per relay transaction (one Kafka produce). Larger relays faster; keep a batch per partition under the broker's 1 MB message.max.bytes.",
  },
  {
    variable: "TRANSPORT_MAX_MESSAGE_BYTES",
    default: "1048576",
    meaning:
      "Largest graphql-ws message and `/graphql/stream` request body; larger ones get close code 1009 or a 413 `PAYLOAD_TOO_LARGE`.",
  },
  {
    variable: "SSE_MAX_CONNECTIONS",
    default: "10000",
    meaning:
      "Open SSE streams and single-connection reservations the gateway holds; past it `TOO_MANY_CONNECTIONS` (429).",
  },
  {
    variable: "MULTIPART_MAX_CONNECTIONS",
    default: "10000",
    meaning: "Open multipart subscription responses the gateway holds; past it `TOO_MANY_CONNECTIONS` (429).",
  },
  {
    variable: "MAX_CONNECTIONS_PER_ADDRESS",
    default: "1000",
    meaning: "Live connections (WebSocket, SSE, multipart together) one client address may hold.",
  },
  {
    variable: "CLIENT_ADDRESS_HEADER",
    default: "(empty)",
    meaning:
      "Behind a proxy: the header carrying the client's address (e.g. `x-forwarded-for`; its last entry is used). Empty: the socket's peer address.",
  },
  {
    variable: "MULTIPART_HEARTBEAT_MS",
    default: "5000",
    meaning: "Interval of `{}` heartbeat parts on multipart subscriptions.",
  },
  {
    variable: "SUPERGRAPH_PATH",
    default: "schema/supergraph.graphql",
    meaning:
      "The supergraph the gateway serves. A change to the file is validated and applied without a restart; open subscriptions keep running unless the schema lost what they select (then `SCHEMA_CHANGED`).",
  },
  {
    variable: "PERSISTED_OPERATIONS",
    default: "allow",
    meaning:
      "Trusted documents: `off` (any query; Apollo's APQ cache as before), `allow` (any query, plus `documentId` / `extensions.persistedQuery` from the manifest), `enforce` (only documents in the manifest; anything else gets PERSISTED_QUERY_REQUIRED or PERSISTED_QUERY_NOT_FOUND).",
  },
  {
    variable: "PERSISTED_OPERATIONS_MANIFEST",
    default: "(the typed client's)",
    meaning:
      "Persisted-documents manifest (graphql-codegen client preset JSON or Apollo's persisted query manifest); reloaded when the file changes. Default: clients/typescript/src/gql/persisted-documents.json in the repository.",
  },
  {
    variable: "GRPC_HOST",
    default: "127.0.0.1",
    meaning: "Internal interface the gRPC servers (service-to-service only) bind to; never the public one.",
  },
  {
    variable: "NOTIFICATION_GRPC_PORT",
    default: "4104",
    meaning: "Port of the notification service's gRPC `NotificationService`. `0` picks a free port.",
  },
  {
    variable: "ADMIN_EMAILS",
    default: "(empty)",
    meaning:
      "Comma-separated emails whose tokens carry `role: ADMIN` (at register and login): they may `sendNotification` and drain the dead-letter queue.",
  },
  {
    variable: "SMTP_URL",
    default: "(empty: in-process sink)",
    meaning:
      "Where email goes, e.g. `smtp://user:pass@mail:1025`. Empty: an in-process SMTP server writes each mail to `DATA_DIR/mail/`.",
  },
  {
    variable: "MAIL_FROM",
    default: "Tickergraph <notifications@tickergraph.local>",
    meaning: "Sender of every email.",
  },
  {
    variable: "SMS_WEBHOOK_URL",
    default: "(empty: in-process sink)",
    meaning:
      "SMS provider endpoint: one POST per message with `to` and `body`; any 2xx is accepted. Empty: an in-process sink writes each SMS to `DATA_DIR/sms/`.",
  },
  {
    variable: "SMS_WEBHOOK_FORMAT",
    default: "json",
    meaning: "`json` or `form` (application/x-www-form-urlencoded) body for the SMS webhook.",
  },
  {
    variable: "DELIVERY_MAX_ATTEMPTS",
    default: "6",
    meaning: "Attempts per email/SMS before it is DEAD (in the dead-letter queue).",
  },
  {
    variable: "DELIVERY_RETRY_BASE_MS",
    default: "2000",
    meaning: "First retry delay; each retry doubles it, with jitter (a random 50–100 % of the delay).",
  },
  { variable: "DELIVERY_RETRY_MAX_MS", default: "600000", meaning: "Ceiling of one retry delay." },
  {
    variable: "DELIVERY_POLL_MS",
    default: "500",
    meaning: "How often the delivery worker looks for due jobs (it is also woken when jobs are added).",
  },
  {
    variable: "DELIVERY_BATCH_SIZE",
    default: "20",
    meaning: "Jobs one worker claims (and sends concurrently) per round.",
  },
  {
    variable: "DELIVERY_TIMEOUT_MS",
    default: "10000",
    meaning: "Deadline of one SMTP send or webhook call; past it the attempt counts as failed.",
  },
  {
    variable: "BROADCAST_BATCH_SIZE",
    default: "1000",
    meaning: "Recipients per transaction when `sendNotification` goes to everyone.",
  },
  {
    variable: "OPERATION_MAX_TOKENS",
    default: "15000",
    meaning:
      "Gateway: lexical tokens per document; parsing stops there (GRAPHQL_PARSE_FAILED), so a 1 MB document cannot hold the event loop for seconds.",
  },
  {
    variable: "OPERATION_MAX_DEPTH",
    default: "12",
    meaning: "Gateway: deepest field nesting an operation may have (fragments expanded); HTTP and subscriptions.",
  },
  {
    variable: "OPERATION_MAX_ALIASES",
    default: "50",
    meaning: "Gateway: aliased fields per operation (fragments expanded).",
  },
  {
    variable: "OPERATION_MAX_ROOT_FIELDS",
    default: "20",
    meaning: "Gateway: top-level fields per operation (fragments expanded).",
  },
  {
    variable: "OPERATION_MAX_COST",
    default: "25000",
    meaning: "Gateway: estimated fields in the response; a list multiplies its children by its size (see Limits).",
  },
  {
    variable: "OPERATION_DEFAULT_LIST_SIZE",
    default: "20",
    meaning: "Gateway: items assumed for a list field with no size argument and no schema default.",
  },
  {
    variable: "OPERATION_MAX_PASSWORD_MUTATIONS",
    default: "1",
    meaning: "Gateway: password-hashing mutations (login, register, …) per request.",
  },
  {
    variable: "OPERATION_PASSWORD_MUTATIONS",
    default: "login,register",
    meaning:
      "Gateway: mutation names that hash a password, besides any mutation with a `password` argument or input field.",
  },
  {
    variable: "ANALYTICS_FLUSH_MS",
    default: "1000",
    meaning:
      "Analytics: how long share-value changes are folded in memory before one write of all of them (their Kafka offsets are committed after it). Longer: fewer rows written per event, staler statistics.",
  },
  {
    variable: "ANALYTICS_MAX_PENDING",
    default: "500000",
    meaning:
      "Analytics: pending (user, bucket) deltas before the share-value consumer waits for a write (bounds memory).",
  },
  {
    variable: "ANALYTICS_WRITERS",
    default: "2",
    meaning:
      "Analytics: transactions (Postgres connections) each share-value write is split into, by user, so the upserts use several cores. The embedded mode (PGlite) uses 1.",
  },
  {
    variable: "ANALYTICS_GRPC_PORT",
    default: "4105",
    meaning:
      "Port of the analytics service's internal gRPC `WalletService` (bound to `GRPC_HOST`). `0` picks a free port.",
  },
  { variable: "LOG_LEVEL", default: "info", meaning: "pino level: trace, debug, info, warn, error, silent." },
  ...SUBSCRIPTION_LIMIT_DOCS,
];

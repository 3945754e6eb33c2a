// Documentation of every variable, rendered into the README's config table.
import { SUBSCRIPTION_LIMIT_DOCS } from "./subscription-limits.js";

export const CONFIG_DOCS: ReadonlyArray<{ variable: string; default: string; meaning: string }> = [
  { variable: "TICKERGRAPH_MODE", default: "embedded", meaning: "`embedded`: one process, PGlite, in-process bus and pub/sub. `distributed`: Postgres, Kafka, Redis." },
  { variable: "HOST", default: "127.0.0.1", meaning: "Interface every server binds to (`0.0.0.0` in containers)." },
  { variable: "GATEWAY_PORT", default: "4000", meaning: "Gateway HTTP + WebSocket port." },
  { variable: "USER_PORT … ANALYTICS_PORT", default: "4001 … 4005", meaning: "Subgraph ports (user, market, alert, notification, analytics). `0` picks a free port." },
  { variable: "USER_URL … ANALYTICS_URL", default: "from the supergraph", meaning: "Where the gateway reaches each subgraph. Unset: `http://HOST:<NAME>_PORT/graphql` when that port is set, else the URL the supergraph carries (`join__graph(url:)`)." },
  { variable: "DATA_DIR", default: ".data", meaning: "Embedded mode: where PGlite keeps its files." },
  { variable: "RESET_DATA", default: "false", meaning: "Embedded mode: wipe DATA_DIR before starting (`npm start -- --reset` does the same)." },
  { variable: "DATABASE_URL", default: "postgres://postgres@127.0.0.1:5432/test", meaning: "Distributed mode: Postgres connection string." },
  { variable: "DB_SCHEMA_PREFIX", default: "(empty)", meaning: "Prefix for each service's Postgres schema (`<prefix>user`, …); tests use a unique one per run." },
  { variable: "REDIS_URL", default: "redis://127.0.0.1:6379", meaning: "Distributed mode: Redis for subscriptions." },
  { variable: "REDIS_CHANNEL_PREFIX", default: "tg:", meaning: "Prefix of every Redis pub/sub channel." },
  { variable: "KAFKA_BROKERS", default: "127.0.0.1:9092", meaning: "Distributed mode: comma-separated Kafka brokers." },
  { variable: "KAFKA_TOPIC_PREFIX", default: "(empty)", meaning: "Prefix of every topic and consumer group; tests use a unique one per run." },
  { variable: "JWT_SECRET", default: "dev-only secret (embedded)", meaning: "HS256 signing key, ≥ 32 chars. Required in distributed mode." },
  { variable: "JWT_TTL_SECONDS", default: "86400", meaning: "Token lifetime." },
  { variable: "SHARE_TICK_MS", default: "5000", meaning: "Share-value random-walk interval." },
  { variable: "SHARE_TICK_BATCH", default: "5000", meaning: "Users updated per SQL statement during a tick." },
  { variable: "PRICE_TICK_MS", default: "1000", meaning: "Market price tick interval." },
  { variable: "OUTBOX_POLL_MS", default: "200", meaning: "Outbox relay polling interval (it is also woken after each commit)." },
  { variable: "OUTBOX_BATCH_SIZE", default: "1000", meaning: "Events per relay transaction (one Kafka produce). Larger relays faster; keep a batch per partition under the broker's 1 MB message.max.bytes." },
  { variable: "SUPERGRAPH_PATH", default: "schema/supergraph.graphql", meaning: "The supergraph the gateway serves. A change to the file is validated and applied without a restart; open subscriptions keep running unless the schema lost what they select (then `SCHEMA_CHANGED`)." },
  { variable: "LOG_LEVEL", default: "info", meaning: "pino level: trace, debug, info, warn, error, silent." },
  ...SUBSCRIPTION_LIMIT_DOCS,
];

// Benchmark: a PROMOTION broadcast to N users (default 100 000) on real Postgres and Kafka — how long the
// mutation takes, how many users per second, and how long until every `notification.created` event is in Kafka.
// The broadcast commits one transaction per BROADCAST_BATCH_SIZE users, never one for the whole audience.
//   npm run bench:broadcast -- [users=100000] [batch=1000]
import pg from "pg";
import { TokenService } from "@tickergraph/auth";
import { platformSchema, quoteIdent, serviceSchema } from "@tickergraph/db";
import { KafkaEventBus } from "@tickergraph/events";
import { start as startNotification } from "@tickergraph/subgraph-notification";
import { createLogger } from "@tickergraph/telemetry";
import { graphqlRequest, testConfig, uniqueRunId } from "@tickergraph/testing";

const [users = 100_000, batch = 1000] = process.argv.slice(2).map(Number);
const base = testConfig(uniqueRunId("bench"), { logLevel: "error" });
const config = { ...base, notification: { ...base.notification, broadcastBatchSize: batch } };
const bus = new KafkaEventBus({ ...config.kafka, logger: createLogger("bench", "error") });
await bus.ensureTopics();
const notification = await startNotification(config);
const schema = quoteIdent(serviceSchema(config.db.schemaPrefix, "notification"));
const platform = quoteIdent(platformSchema(config.db.schemaPrefix, "notification"));
const db = new pg.Client({ connectionString: config.db.url });
await db.connect();
await db.query(
  `INSERT INTO ${schema}."recipient" (user_id, email, display_name)
   SELECT gen_random_uuid(), 'bench' || i || '@example.com', 'Bench ' || i FROM generate_series(1, $1) AS i`,
  [users],
);
const token = await new TokenService(config.auth.jwtSecret, 3600).issue({
  userId: crypto.randomUUID(),
  email: "ops@example.com",
  role: "ADMIN",
});

const started = performance.now();
const result = await graphqlRequest(
  notification.url,
  `mutation { sendNotification(input: { title: "Bench", body: "A broadcast" }) { recipients } }`,
  {},
  token,
);
const mutationMs = performance.now() - started;
if (result.errors) throw new Error(JSON.stringify(result.errors));
const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0]!.n);
while ((await count(`SELECT count(*) AS n FROM ${platform}."outbox_event"`)) > 0)
  await new Promise((r) => setTimeout(r, 100));
const relayedMs = performance.now() - started;
const stored = await count(`SELECT count(*) AS n FROM ${schema}."notification"`);

console.log(
  `\nsendNotification to everyone: ${users} users, ${batch} per transaction (${Math.ceil(users / batch)} transactions)`,
);
console.table([
  {
    recipients: result.data!.sendNotification.recipients,
    "notifications stored": stored,
    "mutation s": (mutationMs / 1000).toFixed(1),
    "users/s": Math.round(users / (mutationMs / 1000)),
    "ms per batch": (mutationMs / Math.ceil(users / batch)).toFixed(0),
    "until all events in Kafka s": (relayedMs / 1000).toFixed(1),
  },
]);
await db.query(`DROP SCHEMA ${schema} CASCADE`);
await db.query(`DROP SCHEMA ${platform} CASCADE`);
await db.end();
await notification.stop();
await bus.close();
process.exit(0);

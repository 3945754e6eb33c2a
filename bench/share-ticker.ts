// Benchmark: can the share-value ticker keep up with 100 000 users per 5 s tick on real Postgres (and Kafka)?
// Seeds users into a throwaway schema and runs ticks as the service does: the batched SQL pages (update + outbox)
// while the outbox relay, configured as in the service, publishes committed pages to Kafka alongside. A tick counts
// as done when its last event is in Kafka. Prints figures; it asserts nothing.
//   npm run bench:share-ticker -- [users=100000] [ticks=3] [pageSize=5000]
import { loadConfig } from "@tickergraph/config";
import { closeDatabaseDriver, createDatabaseDriver, LeaderLease, openServiceDatabase } from "@tickergraph/db";
import { KafkaEventBus, OutboxRelay } from "@tickergraph/events";
import { createLogger } from "@tickergraph/telemetry";
import { probeInfra } from "@tickergraph/testing";
import { PrismaClient } from "../subgraphs/user/generated/prisma/client.js";
import { ShareTicker } from "../subgraphs/user/src/ticker/share-ticker.js";

const TICK_BUDGET_MS = 5000;
const [users = 100_000, ticks = 3, pageSize = 5000] = process.argv.slice(2).map(Number);
const infra = await probeInfra(["postgres", "kafka"]);
if (infra.missing.includes("postgres")) {
  console.error("share-ticker bench needs Postgres on 127.0.0.1:5432 (npm run infra:up)");
  process.exit(1);
}
const withKafka = !infra.missing.includes("kafka");
if (!withKafka) console.log("Kafka is not reachable: measuring the DB update + outbox only, no relay");

const runId = `bench${Date.now().toString(36)}`;
const config = loadConfig({
  ...process.env,
  TICKERGRAPH_MODE: "distributed",
  JWT_SECRET: "benchmark-secret-that-is-long-enough-1",
  DB_SCHEMA_PREFIX: `${runId}_`,
  KAFKA_TOPIC_PREFIX: `${runId}.`,
});
const logger = createLogger("bench", "warn");
const driver = await createDatabaseDriver(config);
const db = await openServiceDatabase({
  service: "user",
  config,
  driver,
  migrationsDir: new URL("../subgraphs/user/prisma/migrations", import.meta.url),
  createClient: (adapter) => new PrismaClient({ adapter }),
});
const bus = withKafka ? new KafkaEventBus({ ...config.kafka, logger }) : undefined;
await bus?.ensureTopics(["user.share-value.changed"]);
// The service's relay settings (OUTBOX_POLL_MS, OUTBOX_BATCH_SIZE from the environment, as in the service).
const relay =
  bus &&
  new OutboxRelay({
    sql: db.sql,
    platformSchema: db.platformSchema,
    bus,
    logger,
    pollMs: config.outbox.pollMs,
    batchSize: config.outbox.batchSize,
  });

/** Resolves when the outbox is empty: every event of the tick is in Kafka. */
async function relayed(outbox: OutboxRelay): Promise<void> {
  while ((await outbox.pending()) > 0) await new Promise((r) => setTimeout(r, 20));
}

try {
  const seedStart = performance.now();
  await db.sql.query(
    `INSERT INTO "${db.schema}"."user" (id, email, password_hash, display_name, share_value)
     SELECT gen_random_uuid(), 'user' || n || '@bench.test', 'x', 'User ' || n, 50 + random() * 100
       FROM generate_series(1, $1) AS n`,
    [users],
  );
  await db.sql.query(`ANALYZE "${db.schema}"."user"`);
  console.log(`seeded ${users} users in ${(performance.now() - seedStart).toFixed(0)} ms`);

  // Fenced by a held lease, as in the service, so the measured statement is the production one.
  const lease = new LeaderLease(db.sql, db.platformSchema, "share-value-ticker", 10 * 60_000);
  await lease.tryAcquire();
  const ticker = new ShareTicker(db.sql, db.schema, db.platformSchema, pageSize, {
    leaseName: lease.name,
    holder: lease.holder,
  });
  const rows: Array<Record<string, number | string>> = [];
  relay?.start();
  for (let tick = 1; tick <= ticks; tick++) {
    const started = performance.now();
    const result = await ticker.tick();
    relay?.wake(); // as the service does after a tick
    if (relay) await relayed(relay);
    const totalMs = performance.now() - started;
    rows.push({
      tick,
      moved: result.users,
      pages: result.pages,
      "db+outbox ms": Math.round(result.ms),
      "until all in Kafka ms": Math.round(totalMs),
      "events/s": Math.round(result.users / (totalMs / 1000)),
    });
  }
  await relay?.stop();
  console.log(
    `\nshare-value tick: ${users} users, pages of ${pageSize}${relay ? ", relayed to Kafka (acks=all) alongside, as in the service" : ""}`,
  );
  console.table(rows);
  const worst = Math.max(...rows.map((r) => Number(r["until all in Kafka ms"])));
  console.log(
    `worst tick ${worst} ms = ${((worst / TICK_BUDGET_MS) * 100).toFixed(0)} % of the ${TICK_BUDGET_MS / 1000} s budget ` +
      `(headroom ×${(TICK_BUDGET_MS / worst).toFixed(1)})`,
  );
} finally {
  await bus?.close();
  await db.sql.exec(`DROP SCHEMA "${db.schema}" CASCADE; DROP SCHEMA "${db.platformSchema}" CASCADE`);
  await db.close();
  await closeDatabaseDriver(driver);
}

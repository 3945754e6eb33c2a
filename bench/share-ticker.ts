// Benchmark: can the share-value ticker keep up with 100 000 users per 5 s tick on real Postgres (and Kafka)?
// Seeds users into a throwaway schema, runs ticks (batched SQL + outbox), relays the events to Kafka when it is
// up, and prints figures; it asserts nothing.
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
const relay = bus && new OutboxRelay({ sql: db.sql, platformSchema: db.platformSchema, bus, logger, pollMs: 1000, batchSize: 5000 });

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
  const ticker = new ShareTicker(db.sql, db.schema, db.platformSchema, pageSize, { leaseName: lease.name, holder: lease.holder });
  const rows: Array<Record<string, number | string>> = [];
  for (let tick = 1; tick <= ticks; tick++) {
    const started = performance.now();
    const result = await ticker.tick();
    const relayStart = performance.now();
    const relayed = relay ? await relay.drain() : 0;
    const totalMs = performance.now() - started;
    rows.push({
      tick,
      moved: result.users,
      pages: result.pages,
      "db+outbox ms": Math.round(result.ms),
      "relay ms": relay ? Math.round(performance.now() - relayStart) : "-",
      relayed: relay ? relayed : "-",
      "total ms": Math.round(totalMs),
      "events/s": Math.round(result.users / (totalMs / 1000)),
    });
  }
  console.log(`\nshare-value tick: ${users} users, pages of ${pageSize}${relay ? ", events relayed to Kafka (acks=all)" : ""}`);
  console.table(rows);
  const worst = Math.max(...rows.map((r) => Number(r["total ms"])));
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

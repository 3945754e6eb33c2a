// Benchmark: does the analytics share-value consumer keep up with the 100 000-user ticker (20 000 events/s)?
// Records ticks of share-value changes into Kafka first (as the user service's relay would), then starts the
// analytics subgraph on that backlog and measures how fast it is applied and durably stored (offsets committed):
// events/s and the consumer lag over time. Then asks per-user statistics through the subgraph's GraphQL endpoint
// (as the gateway would, with the owner's token) and prints their latency. Prints figures; asserts nothing.
//   npm run bench:analytics -- [users=100000] [ticks=5] [queries=2000]
import { randomUUID } from "node:crypto";
import { TokenService } from "@tickergraph/auth";
import { loadConfig } from "@tickergraph/config";
import { createEvent, KafkaEventBus } from "@tickergraph/events";
import { start as startAnalytics } from "@tickergraph/subgraph-analytics";
import { createLogger } from "@tickergraph/telemetry";
import { probeInfra } from "@tickergraph/testing";
import { Kafka, logLevel } from "kafkajs";
import pg from "pg";

const TYPE = "user.share-value.changed";
const GROUP = "analytics.share-stats";
const TICK_MS = 5000;
const [users = 100_000, ticks = 5, queries = 2000] = process.argv.slice(2).map(Number);
const infra = await probeInfra(["postgres", "kafka", "redis"]);
if (!infra.ok) {
  console.error(`analytics bench needs ${infra.missing.join(", ")} (npm run infra:up)`);
  process.exit(1);
}

const runId = `bench${Date.now().toString(36)}`;
// The machine is shared: wall-clock rates say more about the load than about the consumer, so the bench also
// counts CPU: this process's (consumer) and that of the Postgres backends serving it (found by application_name).
const databaseUrl = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
databaseUrl.searchParams.set("application_name", runId);
const config = loadConfig({
  ...process.env,
  DATABASE_URL: databaseUrl.toString(),
  TICKERGRAPH_MODE: "distributed",
  JWT_SECRET: "benchmark-secret-that-is-long-enough-1",
  DB_SCHEMA_PREFIX: `${runId}_`,
  KAFKA_TOPIC_PREFIX: `${runId}.`,
  REDIS_CHANNEL_PREFIX: `${runId}:`,
  ANALYTICS_PORT: "0",
  ANALYTICS_GRPC_PORT: "0",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
});
const logger = createLogger("bench", "warn");
const bus = new KafkaEventBus({ ...config.kafka, logger });
await bus.ensureTopics();
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
/** The group's lag; NaN when the broker did not answer in time (a loaded machine), which just means "ask again". */
const totalLag = async () =>
  (await bus.consumerLag(GROUP, [TYPE]).catch(() => [{ lag: NaN }])).reduce((sum, p) => sum + p.lag, 0);

const ids = Array.from({ length: users }, () => randomUUID());
const values = ids.map(() => 50 + Math.random() * 100);
const events = users * ticks;
let analytics: Awaited<ReturnType<typeof startAnalytics>> | undefined;
try {
  // 1. Record: `ticks` ticks of every user, 5 s apart, ending now. A plain producer with several requests in flight
  // (the bus's producer keeps one, for ordering across retries); ticks are sent one after the other, so each user's
  // changes are in time order in their partition, as the ticker's relay leaves them.
  const recordStart = performance.now();
  const producer = new Kafka({
    clientId: "bench",
    brokers: config.kafka.brokers,
    logLevel: logLevel.NOTHING,
  }).producer();
  await producer.connect();
  const firstTickAt = Date.now() - (ticks - 1) * TICK_MS;
  for (let tick = 0; tick < ticks; tick++) {
    const sends = [];
    for (let from = 0; from < users; from += 5000) {
      const messages = [];
      for (let i = from; i < Math.min(users, from + 5000); i++) {
        const previousValue = values[i]!;
        const value = Math.round(previousValue * (1 + (Math.random() - 0.5) / 50) * 100) / 100;
        values[i] = value;
        const event = createEvent(TYPE, {
          userId: ids[i]!,
          value,
          previousValue,
          changedAt: new Date(firstTickAt + tick * TICK_MS).toISOString(),
        });
        messages.push({ key: event.key, value: JSON.stringify(event) });
      }
      sends.push(producer.send({ topic: bus.topic(TYPE), acks: 1, messages }));
    }
    await Promise.all(sends);
  }
  await producer.disconnect();
  const recordMs = performance.now() - recordStart;
  console.log(
    `recorded ${events} share-value changes (${users} users × ${ticks} ticks) in Kafka in ${(recordMs / 1000).toFixed(1)} s`,
  );

  // 2. Consume the backlog; done when every event is applied, flushed and its offset committed (lag 0).
  const consumeStart = performance.now();
  const postgresCpu = await postgresCpuMeter(databaseUrl, runId);
  analytics = await startAnalytics(config);
  // From here: the consumer's work, not the subgraph's start-up (module loading, migrations).
  const cpuStart = process.cpuUsage();
  const postgresCpuAtStart = await postgresCpu.sample();
  const lagRows: Array<Record<string, number>> = [];
  let lag = await totalLag();
  let appliedAt = 0;
  while (!(lag === 0) || analytics.writer.applied < events) {
    await new Promise((r) => setTimeout(r, 1000));
    lag = await totalLag();
    await postgresCpu.sample();
    const seconds = (performance.now() - consumeStart) / 1000;
    if (!appliedAt && analytics.writer.applied >= events)
      appliedAt = (performance.now() - analytics.writer.firstAcceptedAt) / 1000;
    lagRows.push({ "t (s)": Math.round(seconds), applied: analytics.writer.applied, "lag (uncommitted)": lag });
    if (seconds > 600) throw new Error("not caught up after 10 minutes");
  }
  const consumeMs = performance.now() - analytics.writer.firstAcceptedAt;
  const cpu = process.cpuUsage(cpuStart);
  const nodeCpuS = (cpu.user + cpu.system) / 1e6;
  const postgresCpuS = (await postgresCpu.sample()) - postgresCpuAtStart;
  await postgresCpu.close();
  const { flushes } = analytics.writer;
  console.log(`\nconsumer lag while catching up (flush every ${config.analytics.flushMs} ms):`);
  console.table(
    lagRows.filter((_, i) => i % Math.max(1, Math.ceil(lagRows.length / 15)) === 0 || i === lagRows.length - 1),
  );
  console.log(
    `share-value consumer (${config.analytics.writers} writers), from its first batch: ${events} events folded in memory in ${appliedAt.toFixed(1)} s ` +
      `(${Math.round(events / appliedAt)} events/s), all stored and committed in ${(consumeMs / 1000).toFixed(1)} s ` +
      `→ ${Math.round(events / (consumeMs / 1000))} events/s end to end (target ≥ 50 000; the ticker makes 20 000)\n` +
      `${flushes.count} flushes wrote ${flushes.rows} rows in ${(flushes.ms / 1000).toFixed(1)} s ` +
      `(${Math.round(flushes.rows / (flushes.ms / 1000))} rows/s; ${(flushes.rows / events).toFixed(2)} rows per event)\n` +
      `CPU until caught up: bench + consumer process ${nodeCpuS.toFixed(1)} s (${Math.round(events / nodeCpuS)} events per CPU-second), ` +
      `its Postgres backends ${postgresCpuS.toFixed(1)} s (${Math.round(events / postgresCpuS)} events per CPU-second); ` +
      `together ${Math.round(events / (nodeCpuS + postgresCpuS))} events per CPU-second`,
  );

  // 3. Per-user statistics through the subgraph, as the gateway asks them (an entity fetch with the owner's token).
  const tokens = new TokenService(config.auth.jwtSecret, 3600);
  const windows = ["HOUR", "DAY", "WEEK", "ALL"] as const;
  const query = `query($r: [_Any!]!, $w: StatsWindow!) { _entities(representations: $r) { ... on User { shareStats(window: $w) { changes averageChange volatility min max last } } } }`;
  const rows: Array<Record<string, string | number>> = [];
  for (const window of windows) {
    const times: number[] = [];
    const sqlTimes: number[] = [];
    // The first 10 % warm up connections and plans and are not counted.
    const warmUp = Math.ceil(queries / windows.length / 10);
    for (let q = -warmUp; q < queries / windows.length; q++) {
      const id = ids[Math.floor(Math.random() * users)]!;
      const token = await tokens.issue({ userId: id, email: `${id}@bench.test` });
      const started = performance.now();
      const response = await fetch(analytics.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables: { r: [{ __typename: "User", id }], w: window } }),
      });
      const body = (await response.json()) as { data?: { _entities: Array<{ shareStats: { changes: number } }> } };
      if (q >= 0) times.push(performance.now() - started);
      // The same answer straight from the reader (one SQL query), to tell the store's share from HTTP + GraphQL.
      const sqlStarted = performance.now();
      await analytics.shareStats.stats(id, window);
      if (q >= 0) sqlTimes.push(performance.now() - sqlStarted);
      if (body.data?._entities[0]?.shareStats.changes !== ticks)
        throw new Error(`unexpected answer ${JSON.stringify(body)}`);
    }
    times.sort((a, b) => a - b);
    sqlTimes.sort((a, b) => a - b);
    rows.push({
      window,
      queries: times.length,
      "p50 ms": percentile(times, 50).toFixed(2),
      "p95 ms": percentile(times, 95).toFixed(2),
      "p99 ms": percentile(times, 99).toFixed(2),
      "store alone p50 ms": percentile(sqlTimes, 50).toFixed(2),
      "store alone p99 ms": percentile(sqlTimes, 99).toFixed(2),
    });
  }
  console.log(
    `\nUser.shareStats through the analytics subgraph's /graphql at ${users} users (sequential, HTTP included):`,
  );
  console.table(rows);
} finally {
  await analytics?.stop();
  await bus.close();
  const client = new pg.Client({ connectionString: config.db.url });
  await client.connect();
  await client.query(
    `DROP SCHEMA IF EXISTS "${runId}_analytics" CASCADE; DROP SCHEMA IF EXISTS "${runId}_analytics_platform" CASCADE`,
  );
  await client.end();
}

/**
 * CPU time (user + system, from /proc) of the Postgres backends whose application_name is `name`, summed over every
 * backend seen; sampled often enough that a backend the pool closes is counted up to its last sample.
 */
async function postgresCpuMeter(url: URL, name: string) {
  const { readFile } = await import("node:fs/promises");
  const monitor = new pg.Client({ connectionString: url.toString().replace(name, `${name}-monitor`) });
  await monitor.connect();
  const seen = new Map<number, number>();
  const ticksPerSecond = 100;
  const sample = async () => {
    const { rows } = await monitor.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE application_name = $1",
      [name],
    );
    for (const { pid } of rows) {
      const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ticks = Number(fields[11]) + Number(fields[12]);
      if (Number.isFinite(ticks)) seen.set(pid, Math.max(seen.get(pid) ?? 0, ticks));
    }
    return [...seen.values()].reduce((a, b) => a + b, 0) / ticksPerSecond;
  };
  return { sample, close: () => monitor.end() };
}

// Creates the project's Kafka topics (packages/events/topics.json) if they do not exist, and raises the partition
// count of existing ones that have fewer than declared (Kafka cannot lower it). Idempotent.
//   KAFKA_BROKERS (default 127.0.0.1:9092), KAFKA_TOPIC_PREFIX (default ""), KAFKA_REPLICATION_FACTOR (default 1)
import { readFileSync } from "node:fs";
import { Kafka, logLevel } from "kafkajs";

const brokers = (process.env.KAFKA_BROKERS || "127.0.0.1:9092")
  .split(",")
  .map((b) => b.trim())
  .filter(Boolean);
const prefix = process.env.KAFKA_TOPIC_PREFIX ?? "";
const replicationFactor = Number(process.env.KAFKA_REPLICATION_FACTOR || 1);
const catalogue = new URL("../../packages/events/topics.json", import.meta.url);

function fail(message) {
  console.error(`topics: ${message}`);
  process.exit(1);
}

let topics;
try {
  topics = JSON.parse(readFileSync(catalogue, "utf8"));
} catch (error) {
  fail(`cannot read packages/events/topics.json: ${error.message}`);
}
if (!Array.isArray(topics)) fail("packages/events/topics.json must be a JSON array of { name, partitions }");
for (const t of topics) {
  if (
    typeof t?.name !== "string" ||
    !/^[A-Za-z0-9._-]+$/.test(t.name) ||
    !Number.isInteger(t.partitions) ||
    t.partitions < 1
  ) {
    fail(
      `invalid entry in packages/events/topics.json: ${JSON.stringify(t)} (want { "name": "a.b", "partitions": 3 })`,
    );
  }
}
if (!Number.isInteger(replicationFactor) || replicationFactor < 1)
  fail("KAFKA_REPLICATION_FACTOR must be a positive integer");

const admin = new Kafka({
  clientId: "tickergraph-topics",
  brokers,
  logLevel: logLevel.NOTHING,
  connectionTimeout: 3000,
  retry: { retries: 5, initialRetryTime: 300 },
}).admin();

try {
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(prefix + t.name));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({ topic: prefix + t.name, numPartitions: t.partitions, replicationFactor })),
    });
  }

  const present = topics.filter((t) => existing.has(prefix + t.name));
  const grown = [];
  if (present.length > 0) {
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics: present.map((t) => prefix + t.name) });
    const counts = new Map(metadata.map((m) => [m.name, m.partitions.length]));
    const tooFew = present.filter((t) => (counts.get(prefix + t.name) ?? 0) < t.partitions);
    if (tooFew.length > 0) {
      await admin.createPartitions({
        topicPartitions: tooFew.map((t) => ({ topic: prefix + t.name, count: t.partitions })),
      });
      for (const t of tooFew) grown.push(`${prefix + t.name} ${counts.get(prefix + t.name)}→${t.partitions}`);
    }
  }

  await admin.disconnect();
  const where = `${brokers.join(",")}${prefix ? `, prefix "${prefix}"` : ""}`;
  console.log(`topics: ${missing.length} created, ${topics.length - missing.length} already there (${where})`);
  for (const t of missing) console.log(`  + ${prefix + t.name} (${t.partitions} partitions)`);
  for (const g of grown) console.log(`  ↑ ${g} partitions`);
} catch (error) {
  await admin.disconnect().catch(() => {});
  fail(
    `could not create topics on ${brokers.join(",")}: ${error.message}${error.cause && error.cause.message !== error.message ? ` (${error.cause.message})` : ""}\n` +
      "  Is Kafka running? Start it with: npm run infra:up (or bash scripts/infra/kafka.sh start)",
  );
}

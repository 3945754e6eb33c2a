// Creating the catalogue's topics ahead of use (as scripts/infra/topics.mjs does for a deployment): for tests and
// benchmarks that run under their own topic prefix.
import { createLogger } from "@tickergraph/telemetry";
import type { KafkaBusOptions } from "./kafka-bus.js";
import { KafkaEventBus } from "./kafka-bus.js";

/** Attempts at creating the topics: each one after the first finds what the one before created. */
const ATTEMPTS = 3;

/** Creates every topic of topics.json that does not exist yet under `kafka.topicPrefix`, then disconnects. */
export async function ensureDomainTopics(kafka: Pick<KafkaBusOptions, "brokers" | "clientId" | "topicPrefix">) {
  const admin = new KafkaEventBus({ ...kafka, logger: createLogger("ensure-topics", "silent") });
  try {
    // Creating topics is idempotent; on a loaded broker kafkajs can give up waiting for fresh topics' metadata
    // (UNKNOWN_TOPIC_OR_PARTITION), and a second call finds them.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await admin.ensureTopics();
        return;
      } catch (error) {
        if (attempt === ATTEMPTS) throw error;
      }
    }
  } finally {
    await admin.close();
  }
}

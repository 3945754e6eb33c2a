// Creating the catalogue's topics ahead of use (as scripts/infra/topics.mjs does for a deployment): for tests and
// benchmarks that run under their own topic prefix.
import { createLogger } from "@tickergraph/telemetry";
import type { KafkaBusOptions } from "./kafka-bus.js";
import { KafkaEventBus } from "./kafka-bus.js";

/** Creates every topic of topics.json that does not exist yet under `kafka.topicPrefix`, then disconnects. */
export async function ensureDomainTopics(kafka: Pick<KafkaBusOptions, "brokers" | "clientId" | "topicPrefix">) {
  const admin = new KafkaEventBus({ ...kafka, logger: createLogger("ensure-topics", "silent") });
  try {
    await admin.ensureTopics();
  } finally {
    await admin.close();
  }
}

import type { AppConfig } from "@tickergraph/config";
import type { Logger } from "@tickergraph/telemetry";
import type { EventBus } from "./bus.js";
import { InProcessEventBus } from "./in-process-bus.js";
import type { KafkaBusOptions } from "./kafka-bus.js";
import { KafkaEventBus } from "./kafka-bus.js";

/** Kafka in distributed mode, the in-process log in embedded mode. */
export function createEventBus(
  config: AppConfig,
  logger: Logger,
  hooks: Pick<KafkaBusOptions, "onConsumerRestart"> = {},
): EventBus {
  if (config.mode === "embedded") return new InProcessEventBus(logger);
  return new KafkaEventBus({
    brokers: config.kafka.brokers,
    clientId: config.kafka.clientId,
    topicPrefix: config.kafka.topicPrefix,
    logger,
    onConsumerRestart: hooks.onConsumerRestart,
  });
}

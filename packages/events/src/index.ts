// Domain events: the envelope, the bus (Kafka or in-process), the transactional outbox and idempotent handling.
export { envelope, type EventEnvelope, type EnvelopeOf, type EventMap, type TypeOf } from "./envelope.js";
export * from "./catalogue.js";
export type {
  EventBus,
  EventConsumer,
  SubscribeOptions,
  Delivered,
  DeliveryMeta,
  DeferredCommit,
  PartitionLag,
} from "./bus.js";
export { InProcessEventBus } from "./in-process-bus.js";
export { KafkaEventBus, type KafkaBusOptions } from "./kafka-bus.js";
export { SupervisedConsumer, restartDelayMs, type ConsumerHealth } from "./supervised-consumer.js";
export { createEventBus } from "./create-bus.js";
export { ensureDomainTopics } from "./ensure-topics.js";
export { enqueueEvents, OutboxRelay, type OutboxRelayOptions, type RawExecutor } from "./outbox.js";
export { handleOnce } from "./idempotent.js";
export { parseEnvelope } from "./parse-envelope.js";
export { TOPICS, partitionsOf, partitionFor, type TopicSpec } from "./topics.js";

// EventBus on Kafka (kafkajs): JSON envelopes keyed for partitioning, a producer waiting for acks from all
// in-sync replicas, consumer groups that commit only after a batch's handler succeeded.
import { randomUUID } from "node:crypto";
import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type Producer, type LogEntry } from "kafkajs";
import type { Logger } from "@tickergraph/telemetry";
import type { DeliveryMeta, EventBus, EventConsumer, PartitionLag, SubscribeOptions } from "./bus.js";
import type { EventEnvelope } from "./envelope.js";
import { parseEnvelope } from "./parse-envelope.js";
import { partitionsOf } from "./topics.js";

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  topicPrefix: string;
  logger: Logger;
  /** How long a publish may wait for the broker before failing (so a Kafka outage surfaces as an error). */
  publishTimeoutMs?: number;
}

export class KafkaEventBus implements EventBus {
  readonly kind = "kafka" as const;
  private readonly kafka: Kafka;
  private producer: Promise<Producer> | undefined;
  private admin: Promise<Admin> | undefined;
  private readonly consumers = new Set<Consumer>();

  constructor(private readonly options: KafkaBusOptions) {
    const logger = options.logger.child({ component: "kafkajs" });
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: 3000,
      requestTimeout: options.publishTimeoutMs ?? 10_000,
      retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 5000 },
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => {
        const { message, ...rest } = entry.log;
        if (entry.level <= logLevel.ERROR) logger.error(rest, message);
        else logger.warn(rest, message);
      },
    });
  }

  topic(type: string): string {
    return `${this.options.topicPrefix}${type}`;
  }

  async publish(events: EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    const byTopic = new Map<string, Array<{ key: string; value: string; headers: Record<string, string> }>>();
    for (const event of events) {
      const topic = this.topic(event.type);
      const messages = byTopic.get(topic) ?? [];
      messages.push({ key: event.key, value: JSON.stringify(event), headers: { "event-id": event.id } });
      byTopic.set(topic, messages);
    }
    const producer = await this.connectedProducer();
    await producer.sendBatch({
      acks: -1,
      timeout: this.options.publishTimeoutMs ?? 10_000,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }

  async subscribe(options: SubscribeOptions): Promise<EventConsumer> {
    const groupId = `${this.options.topicPrefix}${options.group}${options.ephemeral ? `.${randomUUID()}` : ""}`;
    const consumer = this.kafka.consumer({
      groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
      rebalanceTimeout: 10_000,
      maxWaitTimeInMs: 100,
    });
    this.consumers.add(consumer);
    await consumer.connect();
    await consumer.subscribe({
      topics: options.types.map((type) => this.topic(type)),
      fromBeginning: options.fromBeginning ?? true,
    });
    const prefixLength = this.options.topicPrefix.length;
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (!isRunning() || isStale()) return;
        const events: Array<EventEnvelope & { meta: DeliveryMeta }> = [];
        for (const message of batch.messages) {
          const meta = { topic: batch.topic.slice(prefixLength), partition: batch.partition, offset: message.offset };
          const event = parseEnvelope(message.value);
          if (event) events.push({ ...event, meta });
          else this.options.logger.warn({ ...meta }, "skipping a message that is not an event envelope");
        }
        // Throwing here leaves the offsets uncommitted; kafkajs retries, then the batch is fetched again.
        const deferred = events.length > 0 ? await options.onBatch(events) : undefined;
        const last = batch.messages.at(-1);
        if (last) {
          // Resolving moves this consumer's position on; committing (not for ephemeral groups) makes it durable.
          resolveOffset(last.offset);
          // Kafka's committed offset is the NEXT one to read.
          const commit = () => consumer.commitOffsets([
            { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
          ]);
          if (!options.ephemeral && deferred) void deferred.durable.then(commit).catch((err: unknown) =>
            // After a rebalance the batch is redelivered to the new owner, which drops what was stored.
            this.options.logger.debug({ err, topic: batch.topic, partition: batch.partition }, "deferred commit not applied"),
          );
          else if (!options.ephemeral) await commit();
        }
        await heartbeat();
      },
    });
    return {
      stop: async () => {
        await consumer.disconnect();
        this.consumers.delete(consumer);
      },
    };
  }

  /** Creates the topics for `types` that do not exist yet, with the partition counts of topics.json. */
  async ensureTopics(types: readonly string[]): Promise<void> {
    const admin = await this.connectedAdmin();
    await admin.createTopics({
      waitForLeaders: true,
      topics: types.map((type) => ({ topic: this.topic(type), numPartitions: partitionsOf(type), replicationFactor: 1 })),
    });
  }

  async consumerLag(group: string, types: string[]): Promise<PartitionLag[]> {
    const admin = await this.connectedAdmin();
    const topics = types.map((type) => this.topic(type));
    const committed = await admin.fetchOffsets({ groupId: `${this.options.topicPrefix}${group}`, topics });
    const lags: PartitionLag[] = [];
    for (const [index, topic] of topics.entries()) {
      const ends = await admin.fetchTopicOffsets(topic);
      const offsets = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const end of ends) {
        const at = Number(offsets.find((o) => o.partition === end.partition)?.offset ?? -1);
        // -1: nothing committed yet, so everything retained is still to be read.
        const from = at >= 0 ? at : Number(end.low);
        lags.push({ topic: types[index]!, partition: end.partition, lag: Math.max(0, Number(end.high) - from) });
      }
    }
    return lags;
  }

  async isHealthy(): Promise<boolean> {
    try {
      const admin = await this.connectedAdmin();
      const cluster = await withDeadline(admin.describeCluster(), 2000);
      return cluster.brokers.length > 0;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.consumers].map((consumer) => consumer.disconnect()));
    this.consumers.clear();
    const producer = this.producer;
    const admin = this.admin;
    this.producer = undefined;
    this.admin = undefined;
    await Promise.allSettled([producer?.then((p) => p.disconnect()), admin?.then((a) => a.disconnect())]);
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      // Not Kafka's idempotent mode: it needs unbounded retries, and we want a publish to FAIL during an
      // outage (the outbox keeps the events). One request in flight keeps per-partition order; a retried
      // send may duplicate, which consumers absorb by event id.
      const producer = this.kafka.producer({
        maxInFlightRequests: 1,
        allowAutoTopicCreation: true,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return producer;
    })().catch((error: unknown) => {
      this.producer = undefined;
      throw error;
    });
    return this.producer;
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      this.admin = undefined;
      throw error;
    });
    return this.admin;
  }
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms))),
  ]);
}

// EventBus on Kafka (kafkajs): JSON envelopes keyed for partitioning, a producer waiting for acks from all
// in-sync replicas, consumer groups that commit only after a batch's handler succeeded.
import { randomUUID } from "node:crypto";
import type { Admin, Producer, LogEntry } from "kafkajs";
import { Kafka, logLevel, Partitioners } from "kafkajs";
import type { Logger } from "@tickergraph/telemetry";
import { withDeadline } from "@tickergraph/timers";
import type { Delivered, EventBus, EventConsumer, PartitionLag, SubscribeOptions } from "./bus.js";
import type { DomainEvents } from "./catalogue.js";
import type { EnvelopeOf, EventMap, TypeOf } from "./envelope.js";
import { parseEnvelope } from "./parse-envelope.js";
import type { ConsumerHealth } from "./supervised-consumer.js";
import { SupervisedConsumer } from "./supervised-consumer.js";
import { partitionsOf, TOPICS } from "./topics.js";

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  topicPrefix: string;
  logger: Logger;
  /** How long a publish may wait for the broker before failing (so a Kafka outage surfaces as an error). */
  publishTimeoutMs?: number;
  /** Called each time a crashed consumer is rebuilt (for a restart counter). */
  onConsumerRestart?(group: string): void;
  /** Backoff between consumer rebuilds: first delay and cap (defaults 500 ms and 15 s). */
  consumerBackoffMs?: { initial: number; max: number };
}

export class KafkaEventBus<M extends EventMap = DomainEvents> implements EventBus<M> {
  readonly kind = "kafka" as const;
  private readonly kafka: Kafka;
  private producer: Promise<Producer> | undefined;
  private admin: Promise<Admin> | undefined;
  private readonly consumers = new Set<SupervisedConsumer>();

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

  async publish(events: ReadonlyArray<EnvelopeOf<M>>): Promise<void> {
    if (events.length === 0) return;
    const byTopic = new Map<string, Array<{ key: string; value: string; headers: Record<string, string> }>>();
    for (const event of events) {
      const topic = this.topic(event.type);
      const messages = byTopic.get(topic) ?? [];
      messages.push({ key: event.key, value: JSON.stringify(event), headers: { "event-id": event.id } });
      byTopic.set(topic, messages);
    }
    const connecting = this.connectedProducer();
    const producer = await connecting;
    try {
      await producer.sendBatch({
        acks: -1,
        timeout: this.options.publishTimeoutMs ?? 10_000,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    } catch (error) {
      // After a broker pause a kafkajs producer can stay wedged ("Broker not connected" on every send): start the
      // next publish from a fresh one. The caller still sees this failure (the outbox retries the batch).
      if (this.producer === connecting) {
        this.producer = undefined;
        void producer.disconnect().catch(() => undefined);
      }
      throw error;
    }
  }

  async subscribe<T extends TypeOf<M>>(options: SubscribeOptions<M, T>): Promise<EventConsumer> {
    const groupId = `${this.options.topicPrefix}${options.group}${options.ephemeral ? `.${randomUUID()}` : ""}`;
    const prefixLength = this.options.topicPrefix.length;
    const topics = options.types.map((type) => this.topic(type));
    if (!options.ephemeral && options.fromBeginning === false) await this.pinStartingOffsets(groupId, topics);
    const supervised: SupervisedConsumer = new SupervisedConsumer({
      kafka: this.kafka,
      config: {
        groupId,
        sessionTimeout: 10_000,
        heartbeatInterval: 1000,
        rebalanceTimeout: 10_000,
        maxWaitTimeInMs: 100,
      },
      logger: this.options.logger,
      onRestart: this.options.onConsumerRestart,
      initialBackoffMs: this.options.consumerBackoffMs?.initial,
      maxBackoffMs: this.options.consumerBackoffMs?.max,
      setup: async (consumer) => {
        // A rebuilt consumer subscribes the same way: with committed offsets (every non-ephemeral group), it
        // resumes after the last batch whose handler succeeded; `fromBeginning` only matters for a new group.
        await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? true });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
            if (!isRunning() || isStale()) return;
            const events: Array<Delivered<M, T>> = [];
            for (const message of batch.messages) {
              const meta = {
                topic: batch.topic.slice(prefixLength),
                partition: batch.partition,
                offset: message.offset,
              };
              const event = parseEnvelope(message.value);
              // Only the envelope is checked: the payload is trusted to match its type (producers use the catalogue).
              if (event) events.push({ ...event, meta } as Delivered<M, T>);
              else this.options.logger.warn({ ...meta }, "skipping a message that is not an event envelope");
            }
            // Throwing here leaves the offsets uncommitted; kafkajs retries, then the batch is fetched again.
            const deferred = events.length > 0 ? await options.onBatch(events) : undefined;
            const last = batch.messages.at(-1);
            if (last) {
              // Resolving moves this consumer's position on; committing (not for ephemeral groups) makes it durable.
              resolveOffset(last.offset);
              // Kafka's committed offset is the NEXT one to read.
              const commit = () =>
                consumer.commitOffsets([
                  { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
                ]);
              // A write-behind handler returns a DeferredCommit: its offsets become durable once its write has.
              if (!options.ephemeral && deferred)
                void deferred.durable.then(commit).catch((err: unknown) =>
                  // After a rebalance the batch is redelivered to the new owner, which drops what was stored.
                  this.options.logger.debug(
                    { err, topic: batch.topic, partition: batch.partition },
                    "deferred commit not applied",
                  ),
                );
              else if (!options.ephemeral) await commit();
            }
            await heartbeat();
          },
        });
      },
    });
    await supervised.start();
    this.consumers.add(supervised);
    return {
      stop: async () => {
        this.consumers.delete(supervised);
        await supervised.stop();
      },
    };
  }

  /**
   * "Start at the latest event" must mean the latest when the group was FIRST joined, not whenever a rebuilt or
   * rebalanced consumer happens to rejoin: a partition with no committed offset would otherwise restart at its
   * end and skip what arrived meanwhile. So a new group's uncommitted partitions are committed at their current
   * end before it starts. Kafka refuses this while the group has members; then another instance already did it.
   */
  private async pinStartingOffsets(groupId: string, topics: string[]): Promise<void> {
    const admin = await this.connectedAdmin();
    try {
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
        const missing = partitions.filter((p) => p.offset === "-1");
        if (missing.length === 0) continue;
        const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high]));
        await admin.setOffsets({
          groupId,
          topic,
          partitions: missing.map((p) => ({ partition: p.partition, offset: ends.get(p.partition) ?? "0" })),
        });
      }
    } catch (error) {
      this.options.logger.debug({ groupId, err: error }, "starting offsets not pinned (the group is already active)");
    }
  }

  /** Every consumer of this bus, with whether it is running now and how often it was rebuilt. */
  consumerHealth(): ConsumerHealth[] {
    return [...this.consumers].map((consumer) => consumer.health());
  }

  /** Creates the topics for `types` (default: all of topics.json) that do not exist yet, with their partitions. */
  async ensureTopics(types: readonly string[] = TOPICS.map((topic) => topic.name)): Promise<void> {
    const admin = await this.connectedAdmin();
    await admin.createTopics({
      waitForLeaders: true,
      topics: types.map((type) => ({
        topic: this.topic(type),
        numPartitions: partitionsOf(type),
        replicationFactor: 1,
      })),
    });
  }

  async consumerLag(group: string, types: readonly string[]): Promise<PartitionLag[]> {
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
      const cluster = await withDeadline(admin.describeCluster(), 2000, "Kafka to describe its cluster");
      return cluster.brokers.length > 0;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.consumers].map((consumer) => consumer.stop()));
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

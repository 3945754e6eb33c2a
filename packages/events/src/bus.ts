import type { DomainEvents } from "./catalogue.js";
import type { EnvelopeOf, EventMap, TypeOf } from "./envelope.js";
import type { ConsumerHealth } from "./supervised-consumer.js";

/** Where a delivered event came from; offsets are strings as in Kafka. */
export interface DeliveryMeta {
  topic: string;
  partition: number;
  offset: string;
}

/** An event as a handler receives it: the envelope of one of the subscribed types, and where it came from. */
export type Delivered<M extends EventMap, T extends TypeOf<M> = TypeOf<M>> = EnvelopeOf<M, T> & { meta: DeliveryMeta };

/** Subscribing to types `T` of map `M`: `onBatch` sees only their payloads, already narrowed by `type`. */
export interface SubscribeOptions<M extends EventMap = DomainEvents, T extends TypeOf<M> = TypeOf<M>> {
  /** Consumer group name (the bus adds the topic prefix). Instances sharing a group split the partitions. */
  group: string;
  /** Event types (= topics) to consume. */
  types: readonly T[];
  /** Start at the earliest retained event when the group has no committed offset (default: true). */
  fromBeginning?: boolean;
  /**
   * Every subscriber gets every event (each is its own group, named after `group`), and nothing is committed,
   * so a stopped subscriber leaves no group behind. For per-instance state such as an in-memory index; with
   * `fromBeginning: false` it starts at about the moment it joins, so pair it with a reload from the database.
   */
  ephemeral?: boolean;
  /**
   * Called with events of ONE partition in order. Offsets are committed only after it resolves;
   * if it throws, the same batch is delivered again (so handlers must be idempotent by event id).
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler that defers nothing is a plain async function.
  onBatch(events: Array<Delivered<M, T>>): Promise<void | DeferredCommit>;
}

/**
 * For write-behind handlers (which store many batches in one write): returned by `onBatch`, it lets the next batches
 * be delivered at once while the offsets are committed only when `durable` resolves. Until then a restart or a
 * rebalance delivers the batch again, so such handlers must drop events they already stored.
 */
export interface DeferredCommit {
  durable: Promise<void>;
}

/** How far a consumer group is behind one partition: the partition's end offset minus the group's committed one. */
export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

export interface EventConsumer {
  /** Stops fetching, lets the batch in progress finish and commits its offsets. */
  stop(): Promise<void>;
}

/**
 * Typed by its map of event type → payload (the domain catalogue unless a test brings its own), as Hive's
 * `PubSub<M>`: what is published must match its type's payload, and a handler gets the payloads of its types only.
 * The bus trusts producers to follow the map; on the wire only the envelope is checked (parseEnvelope).
 */
export interface EventBus<M extends EventMap = DomainEvents> {
  readonly kind: "kafka" | "in-process";
  /** Resolves only when every event is durably accepted (Kafka: acks from all in-sync replicas). */
  publish(events: ReadonlyArray<EnvelopeOf<M>>): Promise<void>;
  subscribe<T extends TypeOf<M>>(options: SubscribeOptions<M, T>): Promise<EventConsumer>;
  /** For /ready: can the broker be reached right now? */
  isHealthy(): Promise<boolean>;
  /** Lag of a (non-ephemeral) consumer group on the given event types, for the consumer-lag metric. */
  consumerLag(group: string, types: readonly string[]): Promise<PartitionLag[]>;
  /** For /ready: every consumer and whether it runs right now (in-process consumers cannot crash: none listed). */
  consumerHealth(): ConsumerHealth[];
  close(): Promise<void>;
}

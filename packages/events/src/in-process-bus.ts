// The embedded stand-in for Kafka: per-topic partitioned logs, consumer groups with committed offsets,
// ordered per-partition delivery and redelivery of a batch whose handler throws. Publishing never waits for
// handlers (the outbox relay publishes inside a DB transaction; handlers also write to the DB).
import type { Logger } from "@tickergraph/telemetry";
import type { DeliveryMeta, EventBus, EventConsumer, PartitionLag, SubscribeOptions } from "./bus.js";
import type { DomainEvents } from "./catalogue.js";
import type { EnvelopeOf, EventEnvelope, EventMap, TypeOf } from "./envelope.js";
import { partitionFor, partitionsOf } from "./topics.js";

type Delivered = EventEnvelope & { meta: DeliveryMeta };

interface Partition {
  /** Offset of log[0]; older entries were dropped by retention. */
  base: number;
  log: EventEnvelope[];
}

/** The log stores envelopes untyped; the bus's map types them again on the way out. */
type LooseOptions = SubscribeOptions<Record<string, unknown>, string>;

interface GroupMember {
  options: LooseOptions;
  stopped: boolean;
  idle: Promise<void>;
}

interface Group {
  offsets: Map<string, number>;
  members: GroupMember[];
}

const MAX_BATCH = 500;
const RETRY_DELAY_MS = 100;

export class InProcessEventBus<M extends EventMap = DomainEvents> implements EventBus<M> {
  readonly kind = "in-process" as const;
  private readonly topics = new Map<string, Partition[]>();
  private readonly groups = new Map<string, Group>();
  private readonly wakers = new Set<() => void>();
  private ephemeralGroups = 0;

  constructor(
    private readonly logger?: Logger,
    private readonly retention = 100_000,
  ) {}

  async publish(events: ReadonlyArray<EnvelopeOf<M>>): Promise<void> {
    for (const event of events) {
      const partitions = this.partitions(event.type);
      const partition = partitions[partitionFor(event.key, partitions.length)]!;
      partition.log.push(structuredClone(event));
      if (partition.log.length > this.retention) {
        const drop = partition.log.length - this.retention;
        partition.log.splice(0, drop);
        partition.base += drop;
      }
    }
    for (const wake of this.wakers) wake();
  }

  consumerHealth(): [] {
    return [];
  }

  async subscribe<T extends TypeOf<M>>(typed: SubscribeOptions<M, T>): Promise<EventConsumer> {
    const options = typed as unknown as LooseOptions;
    const groupName = options.ephemeral ? `${options.group}#${++this.ephemeralGroups}` : options.group;
    const group = this.group(groupName);
    const member: GroupMember = { options, stopped: false, idle: Promise.resolve() };
    group.members.push(member);
    let wake: () => void = () => undefined;
    const waker = () => wake();
    this.wakers.add(waker);
    const fromBeginning = options.fromBeginning ?? true;
    for (const type of options.types) {
      this.partitions(type).forEach((partition, index) => {
        const key = `${type}/${index}`;
        if (!group.offsets.has(key))
          group.offsets.set(key, fromBeginning ? partition.base : partition.base + partition.log.length);
      });
    }

    const loop = async () => {
      while (!member.stopped) {
        const progressed = await this.deliverOnce(group, member);
        if (!progressed && !member.stopped) await new Promise<void>((resolve) => (wake = resolve));
      }
    };
    member.idle = loop();
    return {
      stop: async () => {
        member.stopped = true;
        wake();
        this.wakers.delete(waker);
        await member.idle;
        // A second stop (a test's cleanup after its own) must not remove another member: indexOf is then -1.
        const index = group.members.indexOf(member);
        if (index >= 0) group.members.splice(index, 1);
        // An ephemeral group has no one to resume it: forget its offsets, as Kafka drops an empty uncommitted group.
        if (options.ephemeral) this.groups.delete(groupName);
      },
    };
  }

  async isHealthy(): Promise<boolean> {
    return true;
  }

  async consumerLag(group: string, types: readonly string[]): Promise<PartitionLag[]> {
    const offsets = this.groups.get(group)?.offsets;
    return types.flatMap((type) =>
      this.partitions(type).map((partition, index) => {
        const end = partition.base + partition.log.length;
        return {
          topic: type,
          partition: index,
          lag: Math.max(0, end - (offsets?.get(`${type}/${index}`) ?? partition.base)),
        };
      }),
    );
  }

  async close(): Promise<void> {
    for (const group of this.groups.values()) for (const member of group.members) member.stopped = true;
    for (const wake of this.wakers) wake();
  }

  /** Delivers one batch from each partition this member owns; true if anything was handled. */
  private async deliverOnce(group: Group, member: GroupMember): Promise<boolean> {
    let progressed = false;
    const memberIndex = group.members.indexOf(member);
    for (const type of member.options.types) {
      const partitions = this.partitions(type);
      for (let index = 0; index < partitions.length; index++) {
        // Partitions are split round-robin among the group's current members, like Kafka's assignment.
        if (index % group.members.length !== memberIndex) continue;
        const key = `${type}/${index}`;
        const partition = partitions[index]!;
        const offset = Math.max(group.offsets.get(key) ?? partition.base, partition.base);
        const start = offset - partition.base;
        if (start >= partition.log.length) continue;
        const batch: Delivered[] = partition.log.slice(start, start + MAX_BATCH).map((event, i) => ({
          ...structuredClone(event),
          meta: { topic: type, partition: index, offset: String(offset + i) },
        }));
        try {
          // A deferred commit (write-behind handler) changes nothing here: this log does not outlive the process.
          await member.options.onBatch(batch);
          group.offsets.set(key, offset + batch.length);
          progressed = true;
        } catch (error) {
          this.logger?.warn(
            { err: error, group: member.options.group, topic: type, partition: index },
            "handler failed; redelivering",
          );
          // Not committed: the same batch comes again after a pause, as with Kafka.
          await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
          progressed = true;
        }
        if (member.stopped) return progressed;
      }
    }
    return progressed;
  }

  private partitions(type: string): Partition[] {
    let partitions = this.topics.get(type);
    if (!partitions) {
      partitions = Array.from({ length: partitionsOf(type) }, () => ({ base: 0, log: [] }));
      this.topics.set(type, partitions);
    }
    return partitions;
  }

  private group(name: string): Group {
    let group = this.groups.get(name);
    if (!group) {
      group = { offsets: new Map(), members: [] };
      this.groups.set(name, group);
    }
    return group;
  }
}

// The Kafka → hub bridge: a consumer group that republishes domain events on subscription channels.
// Delivery from Kafka is at least once, so the bridge drops event ids it has already bridged: in memory, and
// across instances/restarts through Redis SET NX when the hub is Redis. An id counts as bridged only once its
// publishes succeeded; a batch that fails is released and redelivered by the bus, never silently dropped.
import type { DomainEvent, DomainEventType, EventBus, EventEnvelope } from "@tickergraph/events";
import type { Logger } from "@tickergraph/telemetry";
import type { SharedState, SubscriptionHub } from "./hub.js";
import { RecentIds } from "./recent-ids.js";

/** For each event type, the channels an event of that type goes to (the route sees that type's payload). */
export type BridgeRoutes = { readonly [T in DomainEventType]?: (event: DomainEvent<T>) => string[] };

/** The route of `event`'s own type, applied to it (a mapped type cannot say that the two types agree). */
function channelsOf(routes: BridgeRoutes, event: DomainEvent): string[] {
  const route = routes[event.type] as ((event: DomainEvent) => string[]) | undefined;
  return route?.(event) ?? [];
}

export interface EventBridgeOptions {
  bus: EventBus;
  hub: SubscriptionHub;
  /** Consumer group; every instance of a service shares it, so each event is bridged by one instance. */
  group: string;
  routes: BridgeRoutes;
  logger: Logger;
  /** How long a bridged id is remembered in Redis. */
  dedupeTtlMs?: number;
  /** Start from the earliest retained event when the group is new (default false: live feeds only). */
  fromBeginning?: boolean;
}

export interface EventBridge {
  stop(): Promise<void>;
}

/** Which events of a batch are first deliveries, and how to undo the claim if publishing them fails. */
interface BridgeDedupe {
  claim<E extends EventEnvelope>(events: E[]): Promise<E[]>;
  release(events: EventEnvelope[]): Promise<void>;
}

/** The events of a batch with an id neither earlier in the batch nor already bridged. Pure. */
export function unseenEvents<E extends EventEnvelope>(events: E[], seen: (id: string) => boolean): E[] {
  const ids = new Set<string>();
  return events.filter((event) => {
    if (ids.has(event.id) || seen(event.id)) return false;
    ids.add(event.id);
    return true;
  });
}

function redisDedupe({ redis, keyPrefix }: SharedState, ttlMs: number): BridgeDedupe {
  const key = (event: EventEnvelope) => `${keyPrefix}bridged:${event.id}`;
  return {
    async claim(events) {
      if (events.length === 0) return events;
      const pipeline = redis.pipeline();
      for (const event of events) pipeline.set(key(event), "1", "PX", ttlMs, "NX");
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error);
      if (failed) throw failed[0];
      return events.filter((_, i) => results[i]?.[1] === "OK");
    },
    async release(events) {
      if (events.length > 0) await redis.del(...events.map(key));
    },
  };
}

const noSharedDedupe: BridgeDedupe = { claim: async (events) => events, release: async () => {} };

export async function startEventBridge(options: EventBridgeOptions): Promise<EventBridge> {
  const { bus, hub, routes, logger } = options;
  const recent = new RecentIds();
  const shared = hub.sharedState ? redisDedupe(hub.sharedState, options.dedupeTtlMs ?? 10 * 60_000) : noSharedDedupe;

  const bridge = async (events: DomainEvent[]) => {
    const claimed = await shared.claim(unseenEvents(events, (id) => recent.has(id)));
    try {
      // Per channel, publishes go out in batch order over one connection, so subscribers see Kafka's order.
      await Promise.all(
        claimed.flatMap((event) => channelsOf(routes, event).map((channel) => hub.publish(channel, event))),
      );
    } catch (error) {
      // Let the redelivery publish them; a failed release only means the TTL must pass first, so report it.
      await shared
        .release(claimed)
        .catch((releaseError: unknown) => logger.warn({ err: releaseError }, "could not release bridge dedupe keys"));
      throw error;
    }
    for (const event of claimed) recent.add(event.id);
    return claimed.length;
  };

  const consumer = await bus.subscribe({
    group: options.group,
    types: Object.keys(routes) as DomainEventType[],
    // A bridge that starts late should not replay history to live subscribers.
    fromBeginning: options.fromBeginning ?? false,
    onBatch: async (events) => {
      const bridged = await bridge(events.map(({ meta: _meta, ...event }) => event));
      logger.trace({ bridged, duplicates: events.length - bridged }, "bridged batch");
    },
  });
  return { stop: () => consumer.stop() };
}

// The bus as one service sees it, counting what the service publishes and consumes, and registering each durable
// consumer group for the lag gauge. Everything else is passed through to the shared or owned bus.
import type { DomainEvents, DomainEventType, EventBus, EventConsumer, SubscribeOptions } from "@tickergraph/events";
import type { ServiceMetrics } from "./metrics.js";

export function instrumentBus(bus: EventBus, metrics: ServiceMetrics): EventBus {
  return {
    kind: bus.kind,
    async publish(events) {
      await bus.publish(events);
      for (const event of events) metrics.eventsPublished.inc({ type: event.type });
    },
    subscribe<T extends DomainEventType>(options: SubscribeOptions<DomainEvents, T>): Promise<EventConsumer> {
      // Ephemeral groups commit nothing, so they have no lag to report.
      if (!options.ephemeral) metrics.watchLag(options.group, () => bus.consumerLag(options.group, options.types));
      return bus.subscribe({
        ...options,
        onBatch: (events) => {
          // A batch holds one partition of one topic: one increment per batch, not per event.
          if (events.length > 0)
            metrics.eventsConsumed.inc({ group: options.group, type: events[0]!.type }, events.length);
          return options.onBatch(events);
        },
      });
    },
    isHealthy: () => bus.isHealthy(),
    consumerHealth: () => bus.consumerHealth(),
    consumerLag: (group, types) => bus.consumerLag(group, types),
    close: () => bus.close(),
  };
}

// For mutations whose only effect is an event (no database write to carry it through the outbox): publish it
// before answering, or fail FAST with a retryable SERVICE_UNAVAILABLE. Without a deadline a broker outage holds the
// request for kafkajs's connection and request retries (17–30 s) and then surfaces as a masked internal error.
import { ServiceUnavailableError } from "@tickergraph/errors";
import type { DomainEvent, EventBus } from "@tickergraph/events";
import type { Logger } from "@tickergraph/telemetry";
import { withDeadline } from "@tickergraph/timers";

export const PUBLISH_DEADLINE_MS = 3000;

export async function publishNow(
  bus: EventBus,
  events: DomainEvent[],
  logger: Logger,
  deadlineMs = PUBLISH_DEADLINE_MS,
): Promise<void> {
  const publishing = bus.publish(events);
  try {
    await withDeadline(publishing, deadlineMs, "the event broker");
  } catch (error) {
    // A late success is possible after the deadline; the client is told to retry, which at worst repeats the event.
    publishing.catch(() => undefined);
    logger.warn({ err: error, events: events.map((e) => e.type) }, "event broker unavailable during a mutation");
    throw new ServiceUnavailableError("event broker", 5);
  }
}

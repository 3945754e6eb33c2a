// For mutations whose only effect is an event (no database write to carry it through the outbox): publish it
// before answering, or fail FAST with a retryable SERVICE_UNAVAILABLE. Without a deadline a broker outage holds the
// request for kafkajs's connection and request retries (17–30 s) and then surfaces as a masked internal error.
import { AppError } from "@tickergraph/errors";
import type { EventBus, EventEnvelope } from "@tickergraph/events";
import type { Logger } from "@tickergraph/telemetry";

export const PUBLISH_DEADLINE_MS = 3000;

export async function publishNow(
  bus: EventBus,
  events: EventEnvelope[],
  logger: Logger,
  deadlineMs = PUBLISH_DEADLINE_MS,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const publishing = bus.publish(events);
  try {
    await Promise.race([
      publishing,
      new Promise<never>(
        (_, reject) =>
          (timer = setTimeout(() => reject(new Error(`no broker answer in ${deadlineMs} ms`)), deadlineMs)),
      ),
    ]);
  } catch (error) {
    // A late success is possible after the deadline; the client is told to retry, which at worst repeats the event.
    publishing.catch(() => undefined);
    logger.warn({ err: error, events: events.map((e) => e.type) }, "event broker unavailable during a mutation");
    throw new AppError("The event broker is unavailable; nothing was done, retry shortly", "SERVICE_UNAVAILABLE", {
      retryAfterSeconds: 5,
    });
  } finally {
    clearTimeout(timer);
  }
}

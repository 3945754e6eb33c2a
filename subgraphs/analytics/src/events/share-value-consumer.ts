// Consumes user.share-value.changed in batches into the write-behind statistics writer. The batch is handed
// back to the bus as a DeferredCommit: its offsets are committed when the flush that stored it is done.
import type { DomainEvent, EventBus, EventConsumer } from "@tickergraph/events";
import type { Logger } from "@tickergraph/telemetry";
import type { ShareChange } from "../stats/aggregate.js";
import type { ShareStatsWriter } from "../stats/share-stats-writer.js";
import type { ShareValueChanged } from "@tickergraph/events";
import { SHARE_VALUE_CHANGED } from "@tickergraph/events";
import { isUuid } from "@tickergraph/contracts";

export const SHARE_STATS_GROUP = "analytics.share-stats";

export async function startShareValueConsumer(options: {
  bus: EventBus;
  writer: ShareStatsWriter;
  logger: Logger;
}): Promise<EventConsumer> {
  const { bus, writer, logger } = options;
  const consumer = await bus.subscribe({
    group: SHARE_STATS_GROUP,
    types: [SHARE_VALUE_CHANGED],
    onBatch: async (events) => writer.accept(events.flatMap((event) => shareChange(event, logger))),
  });
  return {
    stop: async () => {
      await consumer.stop();
      await writer.stop();
    },
  };
}

function shareChange(event: DomainEvent<typeof SHARE_VALUE_CHANGED>, logger: Logger): ShareChange[] {
  const { userId, value, previousValue, changedAt } = event.payload ?? ({} as ShareValueChanged);
  const at = Date.parse(changedAt);
  if (
    typeof userId !== "string" ||
    !isUuid(userId) ||
    !Number.isFinite(value) ||
    !Number.isFinite(previousValue) ||
    !Number.isFinite(at)
  ) {
    logger.warn({ eventId: event.id }, "skipping a malformed share-value change");
    return [];
  }
  return [{ userId, value, previousValue, at }];
}

// Consumers of the low-volume events: purchases (wallet + recommendation signals), saved snapshots and alert
// changes. Each event is applied once (by event id, or by a naturally idempotent write).
import type { EventBus, EventConsumer, EventEnvelope } from "@tickergraph/events";
import type { Logger } from "@tickergraph/telemetry";
import type { SnapshotStatsStore } from "../data/snapshot-stats.js";
import type { SpendingStore } from "../data/spending.js";
import type { WatchedAlerts } from "../data/watched-alerts.js";
import {
  ALERT_CANCELLED,
  ALERT_CREATED,
  ALERT_TRIGGERED,
  PURCHASE_RECORDED,
  SNAPSHOT_SAVED,
} from "@tickergraph/events";
import { isUuid } from "@tickergraph/contracts";

/** Events whose payload cannot be stored are logged and skipped, instead of blocking their partition for ever. */
function wellFormed(event: EventEnvelope, logger: Logger, ok: boolean): boolean {
  if (!ok) logger.warn({ eventId: event.id, type: event.type }, "skipping a malformed event");
  return ok;
}

export async function startActivityConsumers(options: {
  bus: EventBus;
  spending: SpendingStore;
  snapshots: SnapshotStatsStore;
  alerts: WatchedAlerts;
  logger: Logger;
}): Promise<EventConsumer> {
  const { bus, spending, snapshots, alerts, logger } = options;
  const consumers = await Promise.all([
    bus.subscribe({
      group: "analytics.spending",
      types: [PURCHASE_RECORDED],
      onBatch: async (events) => {
        for (const event of events) {
          const p = event.payload;
          const ok =
            isUuid(p?.userId) &&
            typeof p.symbol === "string" &&
            Number.isFinite(p.quantity) &&
            Number.isFinite(p.total) &&
            !Number.isNaN(Date.parse(p.at));
          if (wellFormed(event, logger, ok)) await spending.apply(event);
        }
      },
    }),
    bus.subscribe({
      group: "analytics.snapshot-stats",
      types: [SNAPSHOT_SAVED],
      onBatch: async (events) => {
        for (const event of events) {
          const p = event.payload;
          const ok = isUuid(p?.userId) && Number.isFinite(p.value) && !Number.isNaN(Date.parse(p.takenAt));
          if (wellFormed(event, logger, ok)) await snapshots.apply(event);
        }
      },
    }),
    bus.subscribe({
      group: "analytics.watched-alerts",
      types: [ALERT_CREATED, ALERT_CANCELLED, ALERT_TRIGGERED],
      onBatch: async (events) => {
        const valid = events.filter((event) =>
          wellFormed(
            event,
            logger,
            isUuid(event.payload?.id) && isUuid(event.payload.userId) && typeof event.payload.symbol === "string",
          ),
        );
        await alerts.apply(valid);
      },
    }),
  ]);
  return { stop: async () => void (await Promise.all(consumers.map((c) => c.stop()))) };
}

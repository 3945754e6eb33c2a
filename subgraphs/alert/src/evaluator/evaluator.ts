// The evaluator: consumer group `alert.evaluator` on price ticks. Each instance holds every ACTIVE alert in an
// AlertIndex, kept current by alert events (an ephemeral group, so every instance sees them all) and by a
// periodic reconciliation with the database (which also covers events that arrive before the group is joined).
import type { EventBus, EventConsumer } from "@tickergraph/events";
import type { Logger } from "@tickergraph/telemetry";
import type { AlertStore, Firing } from "../data/alert-store.js";
import type { AlertView } from "../data/alert-view.js";
import type { KnownSymbols } from "../data/symbols.js";
import { ALERT_CANCELLED, ALERT_CREATED, ALERT_TRIGGERED, PRICE_TICKED } from "@tickergraph/events";
import type { AlertIndex } from "./alert-index.js";

export const EVALUATOR_GROUP = "alert.evaluator";

export interface Evaluator {
  /** Adds an alert this instance just created, without waiting for its event. */
  track(alert: AlertView): void;
  reconcile(): Promise<void>;
  stop(): Promise<void>;
}

export async function startEvaluator(deps: {
  bus: EventBus;
  index: AlertIndex;
  alerts: Pick<AlertStore, "active" | "fire">;
  symbols: Pick<KnownSymbols, "learn">;
  logger: Logger;
  reconcileMs?: number;
}): Promise<Evaluator> {
  const { bus, index, alerts, symbols, logger } = deps;
  const track = (alert: AlertView) => {
    if (alert.status === "ACTIVE") index.add(alert);
    else index.remove(alert.id);
  };

  const follower: EventConsumer = await bus.subscribe({
    group: "alert.index",
    ephemeral: true,
    types: [ALERT_CREATED, ALERT_CANCELLED, ALERT_TRIGGERED],
    fromBeginning: false,
    onBatch: async (events) => {
      for (const event of events) track(event.payload);
    },
  });

  const reconcile = async () => {
    // Only alerts indexed before the read may be dropped for missing from it: one created during the read is
    // indexed (by track or its event) but not in the result, and must stay. Status never returns to ACTIVE, so
    // an alert indexed before the read and absent from it is really done (its cancel/trigger event was missed).
    const indexedBefore = [...index.ids()];
    const active = await alerts.active();
    index.addMany(active);
    const activeIds = new Set(active.map((a) => a.id));
    for (const id of indexedBefore) if (!activeIds.has(id)) index.remove(id);
  };
  await reconcile();

  const ticks: EventConsumer = await bus.subscribe({
    group: EVALUATOR_GROUP,
    types: [PRICE_TICKED],
    fromBeginning: false,
    onBatch: async (events) => {
      const batch = events.map((e) => e.payload);
      await symbols.learn(batch.map((t) => t.symbol));
      // Each crossed alert with the FIRST tick of the batch that crossed it; the whole batch fires in one statement.
      const firings = new Map<string, Firing>();
      for (const tick of batch) {
        for (const candidate of index.crossed(tick.symbol, tick.price)) {
          if (!firings.has(candidate.id))
            firings.set(candidate.id, { id: candidate.id, price: tick.price, at: tick.at });
        }
      }
      if (firings.size === 0) return;
      // Removal waits for the commit: if firing fails, the batch is redelivered and must find them again.
      const fired = await alerts.fire([...firings.values()]);
      // Fired here or by another evaluator, or no longer active: either way they are done. (Crossed alerts sit at
      // the tails of their lists, and were collected tail first, so each removal is cheap.)
      for (const id of firings.keys()) index.remove(id);
      logger.debug({ candidates: firings.size, fired: fired.length }, "alerts fired");
    },
  });

  const timer = setInterval(
    () => void reconcile().catch((error) => logger.warn({ err: error }, "alert index reconciliation failed")),
    deps.reconcileMs ?? 60_000,
  );
  timer.unref();

  return {
    track,
    reconcile,
    stop: async () => {
      clearInterval(timer);
      await ticks.stop();
      await follower.stop();
    },
  };
}

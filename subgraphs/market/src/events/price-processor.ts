// Consumer group `market.price-processor`: keeps the latest quotes and histories, the 1-minute candles, and
// publishes each computed quote on its symbol's hub channel for `priceTick` subscribers on every instance.
import type { EventBus, EventConsumer } from "@tickergraph/events";
import type { SubscriptionHub } from "@tickergraph/pubsub";
import { keyedChannel } from "@tickergraph/pubsub";
import type { CandleStore } from "../data/candles.js";
import type { QuoteStore } from "../data/quote-store.js";
import { PRICE_TICKED } from "@tickergraph/events";
import { QUOTE_UPDATED } from "./quote-channel.js";

export const PRICE_PROCESSOR_GROUP = "market.price-processor";

export interface QuoteUpdate {
  /** The tick's event id: subscribers drop a repeat. */
  id: string;
  quote: import("../data/quote-store.js").QuoteView;
  producedAt: number;
}

export function startPriceProcessor(deps: {
  bus: EventBus;
  hub: SubscriptionHub;
  quotes: QuoteStore;
  candles: CandleStore;
}): Promise<EventConsumer> {
  return deps.bus.subscribe({
    group: PRICE_PROCESSOR_GROUP,
    types: [PRICE_TICKED],
    fromBeginning: false,
    onBatch: async (events) => {
      const ticks = events.map((e) => e.payload);
      const views = await deps.quotes.record(ticks);
      // Live subscribers first; candles are history and can take the few milliseconds after.
      await Promise.all(
        views.map((quote, i) => {
          if (!quote) return undefined; // a redelivered tick: the quote has moved past it, so there is nothing new to show
          const update: QuoteUpdate = { id: events[i]!.id, quote, producedAt: ticks[i]!.producedAt };
          return deps.hub.publish(keyedChannel(QUOTE_UPDATED, quote.symbol), update);
        }),
      );
      await deps.candles.apply(ticks);
    },
  });
}

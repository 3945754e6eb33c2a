import { keyedChannel, listenDistinct } from "@tickergraph/pubsub";
import type { SubscriptionResolvers } from "../../generated/graphql.js";
import type { QuoteView } from "../data/quote-store.js";
import { QUOTE_UPDATED } from "../events/quote-channel.js";
import type { QuoteUpdate } from "../events/price-processor.js";

export const Subscription: SubscriptionResolvers = {
  priceTick: {
    // Validation happens here, before any channel is taken, so bad input fails the subscribe itself.
    subscribe: (_parent, { symbols }, { catalogue, hub }) =>
      listenDistinct<QuoteUpdate>(
        hub,
        catalogue.requireKnown(symbols, "symbols").map((symbol) => keyedChannel(QUOTE_UPDATED, symbol)),
      ),
    resolve: (update: QuoteUpdate): QuoteView => update.quote,
  },
};

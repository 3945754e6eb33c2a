// The market feed for the whole app: instruments once, their price history for the sparklines, then one priceTick
// subscription over every symbol that writes into the quote store. Alerts and the buy form read the same store.
import { useEffect } from "react";
import { useApolloClient, useQuery } from "@apollo/client/react";
import { InstrumentsDocument, PriceHistoryDocument, PriceTicksDocument } from "@tickergraph/client";
import { quoteStore } from "./quote-store.js";

const SPARKLINE_SEED = 30;

export function useInstruments() {
  return useQuery(InstrumentsDocument);
}

/** Mounted once in the signed-in shell; returns nothing, the store is the output. */
export function useMarketFeed(): void {
  const client = useApolloClient();
  const { data } = useInstruments();
  const symbols = data?.instruments.map((instrument) => instrument.symbol) ?? [];
  const key = symbols.join(",");

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the instrument list (a new array each render)
  useEffect(() => {
    if (!data) return;
    for (const instrument of data.instruments) if (instrument.quote) quoteStore.apply(instrument.quote);
    for (const { symbol } of data.instruments) {
      void client
        .query({ query: PriceHistoryDocument, variables: { symbol, limit: SPARKLINE_SEED } })
        .then(({ data: history }) => {
          const points = history?.priceHistory ?? [];
          // Newest first from the API; the sparkline wants oldest first, and only what came before the live ticks.
          const first = quoteStore.get(symbol)?.updatedAt;
          quoteStore.seedHistory(
            symbol,
            points
              .filter((p) => !first || p.at < first)
              .map((p) => p.price)
              .reverse(),
          );
        });
    }
  }, [key]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the symbol list (a new array each render)
  useEffect(() => {
    if (symbols.length === 0) return;
    const subscription = client.subscribe({ query: PriceTicksDocument, variables: { symbols } }).subscribe({
      next: ({ data: tick }) => {
        if (tick?.priceTick) quoteStore.apply(tick.priceTick);
      },
    });
    return () => subscription.unsubscribe();
  }, [key, client]);
}

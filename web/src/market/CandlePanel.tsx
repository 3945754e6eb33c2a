// Candles of the last 30 minutes for one symbol, kept current by folding its live ticks into the last minute.
import { useEffect, useState } from "react";
import { useApolloClient } from "@apollo/client/react";
import { CandlesDocument } from "@tickergraph/client";
import { CandleChart } from "../charts/CandleChart.js";
import type { CandleBar } from "./candles.js";
import { foldTick } from "./candles.js";
import { quoteStore } from "./quote-store.js";

const WINDOW_MS = 30 * 60_000;

export function CandlePanel({ symbol }: { symbol: string }) {
  const client = useApolloClient();
  const [candles, setCandles] = useState<CandleBar[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    setCandles([]);
    const to = new Date(Date.now() + 60_000);
    const from = new Date(to.getTime() - WINDOW_MS);
    client
      .query({
        query: CandlesDocument,
        variables: { symbol, from: from.toISOString(), to: to.toISOString() },
        fetchPolicy: "network-only",
      })
      .then(({ data }) => active && setCandles(data?.candles ?? []))
      .catch((failure: Error) => active && setError(failure.message));
    const unsubscribe = quoteStore.subscribe(symbol, () => {
      const quote = quoteStore.get(symbol);
      if (quote) setCandles((previous) => foldTick(previous, quote.price, quote.updatedAt));
    });
    return () => {
      active = false;
      unsubscribe();
    };
  }, [client, symbol]);

  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  return <CandleChart candles={candles} label={`${symbol} 1-minute candles, last 30 minutes`} />;
}

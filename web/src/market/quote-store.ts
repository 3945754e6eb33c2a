// Live quotes outside React state: one priceTick subscription writes here, and each row reads only its own symbol
// (useSyncExternalStore), so a tick re-renders one row, never the whole table.
import { useSyncExternalStore } from "react";

export interface LiveQuote {
  symbol: string;
  price: number;
  change: number;
  changePercent: number;
  updatedAt: string;
  /** Recent prices, oldest first, for the sparkline. */
  recent: readonly number[];
}

const RECENT_POINTS = 40;

export class QuoteStore {
  private readonly quotes = new Map<string, LiveQuote>();
  private readonly listeners = new Map<string, Set<() => void>>();

  get(symbol: string): LiveQuote | undefined {
    return this.quotes.get(symbol);
  }

  /** A tick (or the first quote): a new object for this symbol only, so only its readers re-render. */
  apply(tick: Omit<LiveQuote, "recent">): void {
    const previous = this.quotes.get(tick.symbol);
    if (previous && previous.updatedAt > tick.updatedAt) return;
    const recent = [...(previous?.recent ?? []), tick.price].slice(-RECENT_POINTS);
    this.quotes.set(tick.symbol, { ...tick, recent });
    for (const listener of this.listeners.get(tick.symbol) ?? []) listener();
  }

  /** Earlier prices (oldest first) from priceHistory, placed before anything that arrived live. */
  seedHistory(symbol: string, prices: readonly number[]): void {
    const quote = this.quotes.get(symbol);
    if (!quote) return;
    this.quotes.set(symbol, { ...quote, recent: [...prices, ...quote.recent].slice(-RECENT_POINTS) });
    for (const listener of this.listeners.get(symbol) ?? []) listener();
  }

  subscribe(symbol: string, listener: () => void): () => void {
    let set = this.listeners.get(symbol);
    if (!set) {
      set = new Set();
      this.listeners.set(symbol, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }
}

export const quoteStore = new QuoteStore();

export function useLiveQuote(symbol: string): LiveQuote | undefined {
  return useSyncExternalStore(
    (listener) => quoteStore.subscribe(symbol, listener),
    () => quoteStore.get(symbol),
  );
}

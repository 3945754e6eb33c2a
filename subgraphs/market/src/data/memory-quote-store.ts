// QuoteStore in memory, for the embedded mode (one process, so one store is the truth).
import type { PricePointView, PriceTick, QuoteState, QuoteStore, QuoteView } from "./quote-store.js";
import { HISTORY_LENGTH, isRepeat, nextQuoteState, quoteView } from "./quote-store.js";

export class MemoryQuoteStore implements QuoteStore {
  private readonly states = new Map<string, QuoteState>();
  private readonly histories = new Map<string, PricePointView[]>();

  async record(ticks: PriceTick[]): Promise<Array<QuoteView | null>> {
    return ticks.map((tick) => {
      const previous = this.states.get(tick.symbol) ?? null;
      if (isRepeat(previous, tick)) return null;
      const state = nextQuoteState(previous, tick);
      this.states.set(tick.symbol, state);
      const history = this.histories.get(tick.symbol) ?? [];
      history.unshift({ price: tick.price, at: tick.at });
      if (history.length > HISTORY_LENGTH) history.length = HISTORY_LENGTH;
      this.histories.set(tick.symbol, history);
      return quoteView(tick.symbol, state);
    });
  }

  async latest(symbols: readonly string[]): Promise<Array<QuoteView | null>> {
    return symbols.map((symbol) => {
      const state = this.states.get(symbol);
      return state ? quoteView(symbol, state) : null;
    });
  }

  async history(symbol: string, limit: number): Promise<PricePointView[]> {
    return (this.histories.get(symbol) ?? []).slice(0, limit);
  }
}

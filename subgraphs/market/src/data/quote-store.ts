// Latest quotes and recent prices per symbol. Redis in distributed mode (shared by every instance), memory in
// embedded mode; both follow the same rules, defined here.

export interface PriceTick {
  symbol: string;
  price: number;
  /** ISO-8601 time of the tick. */
  at: string;
}

export interface QuoteView {
  symbol: string;
  price: number;
  change: number;
  changePercent: number;
  updatedAt: string;
}

export interface PricePointView {
  price: number;
  at: string;
}

/** What is stored per symbol: the latest price and the first price of its UTC day. */
export interface QuoteState {
  price: number;
  at: string;
  day: string;
  dayOpen: number;
}

export const HISTORY_LENGTH = 1000;

export interface QuoteStore {
  /**
   * Applies ticks (in order) to the latest quotes and histories; returns the resulting quote per tick, or null
   * for a tick that changed nothing because it is a redelivery (see `isRepeat`).
   */
  record(ticks: PriceTick[]): Promise<Array<QuoteView | null>>;
  /** Latest quotes, in the order asked (null where a symbol has none yet), in one round trip. */
  latest(symbols: readonly string[]): Promise<Array<QuoteView | null>>;
  /** Newest first. */
  history(symbol: string, limit: number): Promise<PricePointView[]>;
}

/**
 * Pure: whether `tick` is older than the stored state or the very tick it was built from. Ticks of a symbol come
 * from one generator in time order, so this is a redelivered tick: applying it again would move the quote back
 * and put the price in the history twice.
 */
export function isRepeat(previous: QuoteState | null, tick: PriceTick): boolean {
  if (!previous) return false;
  const at = Date.parse(tick.at);
  const last = Date.parse(previous.at);
  return at < last || (at === last && tick.price === previous.price);
}

/** Pure: the state after `tick`, given the previous state (a new UTC day resets the day's open). */
export function nextQuoteState(previous: QuoteState | null, tick: PriceTick): QuoteState {
  const day = tick.at.slice(0, 10);
  const dayOpen = previous && previous.day === day ? previous.dayOpen : tick.price;
  return { price: tick.price, at: tick.at, day, dayOpen };
}

export function quoteView(symbol: string, state: QuoteState): QuoteView {
  const change = state.price - state.dayOpen;
  return {
    symbol,
    price: state.price,
    change: round(change, 6),
    changePercent: state.dayOpen === 0 ? 0 : round((change / state.dayOpen) * 100, 4),
    updatedAt: state.at,
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

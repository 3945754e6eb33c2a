// Folding live ticks into 1-minute candles, the same buckets the market subgraph stores.

export interface CandleBar {
  start: string;
  open: number;
  high: number;
  low: number;
  close: number;
  count: number;
}

const MINUTE_MS = 60_000;

/** The candles with the tick applied: updates the minute it falls in, or opens a new one; keeps the last `keep`. */
export function foldTick(candles: readonly CandleBar[], price: number, at: string, keep = 30): CandleBar[] {
  const start = new Date(Math.floor(Date.parse(at) / MINUTE_MS) * MINUTE_MS).toISOString();
  const last = candles[candles.length - 1];
  if (last && Date.parse(last.start) === Date.parse(start)) {
    const updated = {
      ...last,
      high: Math.max(last.high, price),
      low: Math.min(last.low, price),
      close: price,
      count: last.count + 1,
    };
    return [...candles.slice(0, -1), updated];
  }
  if (last && Date.parse(last.start) > Date.parse(start)) return [...candles];
  return [...candles, { start, open: price, high: price, low: price, close: price, count: 1 }].slice(-keep);
}

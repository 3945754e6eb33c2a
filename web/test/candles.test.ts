import { describe, expect, it } from "vitest";
import type { CandleBar } from "../src/market/candles.js";
import { foldTick } from "../src/market/candles.js";

const bar = (start: string, open: number, high: number, low: number, close: number, count = 1): CandleBar => ({
  start,
  open,
  high,
  low,
  close,
  count,
});

describe("foldTick (live ticks into 1-minute candles)", () => {
  it("updates high, low, close and count within the same minute", () => {
    const candles = [bar("2026-01-01T10:00:00.000Z", 10, 10, 10, 10)];
    const after = foldTick(foldTick(candles, 12, "2026-01-01T10:00:20.000Z"), 9, "2026-01-01T10:00:40.000Z");
    expect(after).toEqual([bar("2026-01-01T10:00:00.000Z", 10, 12, 9, 9, 3)]);
    expect(candles[0]!.count).toBe(1);
  });

  it("opens a new candle in a new minute and keeps only the last `keep`", () => {
    const candles = [bar("2026-01-01T10:00:00.000Z", 10, 10, 10, 10)];
    expect(foldTick(candles, 11, "2026-01-01T10:01:05.000Z")).toEqual([
      candles[0],
      bar("2026-01-01T10:01:00.000Z", 11, 11, 11, 11),
    ]);
    expect(foldTick(candles, 11, "2026-01-01T10:01:05.000Z", 1)).toEqual([
      bar("2026-01-01T10:01:00.000Z", 11, 11, 11, 11),
    ]);
  });

  it("ignores a tick from before the last candle", () => {
    const candles = [bar("2026-01-01T10:01:00.000Z", 10, 10, 10, 10)];
    expect(foldTick(candles, 99, "2026-01-01T10:00:59.000Z")).toEqual(candles);
  });
});

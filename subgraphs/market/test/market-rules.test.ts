// Pure rules of the market: the random walk, quote arithmetic, candle buckets and quantity validation.
import { describe, expect, it } from "vitest";
import { minuteStart } from "../src/data/candles.js";
import { purchaseTotal, validateQuantity } from "../src/data/purchases.js";
import { MemoryQuoteStore } from "../src/data/memory-quote-store.js";
import { isRepeat, nextQuoteState, quoteView } from "../src/data/quote-store.js";
import { nextPrice, standardNormal, VOLATILITY_PER_TICK } from "../src/prices/random-walk.js";
import { checkQuoteStore } from "./quote-store-contract.js";

describe("price random walk", () => {
  it("keeps prices positive over a long walk, for every kind", () => {
    for (const kind of Object.keys(VOLATILITY_PER_TICK)) {
      let price = 1.5;
      for (let i = 0; i < 100_000; i++) price = nextPrice(price, kind);
      expect(price).toBeGreaterThan(0);
    }
  });

  it("moves crypto more than ETFs", () => {
    const spread = (kind: string) => {
      let sum = 0;
      for (let i = 0; i < 20_000; i++) sum += Math.abs(Math.log(nextPrice(1000, kind) / 1000));
      return sum / 20_000;
    };
    expect(spread("CRYPTO")).toBeGreaterThan(spread("ETF") * 3);
  });

  it("draws standard normals (mean ≈ 0, variance ≈ 1)", () => {
    const xs = Array.from({ length: 50_000 }, () => standardNormal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});

describe("quotes", () => {
  it("measures change since the day's first tick and resets at UTC midnight", () => {
    let state = nextQuoteState(null, { symbol: "AAPL", price: 100, at: "2026-11-23T09:00:00.000Z" });
    state = nextQuoteState(state, { symbol: "AAPL", price: 110, at: "2026-11-23T15:00:00.000Z" });
    expect(quoteView("AAPL", state)).toEqual({
      symbol: "AAPL",
      price: 110,
      change: 10,
      changePercent: 10,
      updatedAt: "2026-11-23T15:00:00.000Z",
    });
    state = nextQuoteState(state, { symbol: "AAPL", price: 99, at: "2026-11-24T00:00:01.000Z" });
    expect(quoteView("AAPL", state)).toMatchObject({ change: 0, changePercent: 0 });
  });
});

describe("redelivered ticks", () => {
  const state = nextQuoteState(null, { symbol: "AAPL", price: 100, at: "2026-11-23T09:00:01.000Z" });

  it("treats an older tick, or the stored tick again, as a repeat", () => {
    expect(isRepeat(null, { symbol: "AAPL", price: 100, at: "2026-11-23T09:00:01.000Z" })).toBe(false);
    expect(isRepeat(state, { symbol: "AAPL", price: 100, at: "2026-11-23T09:00:01.000Z" })).toBe(true);
    expect(isRepeat(state, { symbol: "AAPL", price: 99, at: "2026-11-23T09:00:00.500Z" })).toBe(true);
  });

  it("applies a newer tick, and a different price at the same instant", () => {
    expect(isRepeat(state, { symbol: "AAPL", price: 100, at: "2026-11-23T09:00:01.001Z" })).toBe(false);
    expect(isRepeat(state, { symbol: "AAPL", price: 101, at: "2026-11-23T09:00:01.000Z" })).toBe(false);
  });

  it("leaves the in-memory quote store unchanged by a redelivery, and caps its history", async () => {
    await checkQuoteStore(new MemoryQuoteStore(), "AAPL");
  });
});

describe("candles and purchases", () => {
  it("buckets a tick into its UTC minute", () => {
    expect(minuteStart("2026-11-23T09:41:59.999Z")).toBe("2026-11-23T09:41:00.000Z");
  });

  it("refuses a total that rounds to zero instead of recording a purchase of 0", () => {
    expect(() => purchaseTotal(0.000001, 1.5)).toThrow("quantity is too small: the total rounds to zero");
    expect(purchaseTotal(0.01, 1.5)).toBe(0.02);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2e9, 5e-324, 1e-7])("refuses quantity %s", (quantity) => {
    expect(() => validateQuantity(quantity)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT", field: "quantity" }) }),
    );
  });
});

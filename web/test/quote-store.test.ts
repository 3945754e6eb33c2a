import { describe, expect, it } from "vitest";
import { QuoteStore } from "../src/market/quote-store.js";

const tick = (symbol: string, price: number, updatedAt: string) => ({
  symbol,
  price,
  change: 0,
  changePercent: 0,
  updatedAt,
});

describe("QuoteStore (per-row live quotes)", () => {
  it("notifies only the readers of the symbol that ticked, with a new object for that symbol only", () => {
    const store = new QuoteStore();
    store.apply(tick("AAPL", 100, "2026-01-01T00:00:00.000Z"));
    store.apply(tick("MSFT", 200, "2026-01-01T00:00:00.000Z"));
    const msftBefore = store.get("MSFT");
    const calls: string[] = [];
    store.subscribe("AAPL", () => calls.push("AAPL"));
    store.subscribe("MSFT", () => calls.push("MSFT"));
    store.apply(tick("AAPL", 101, "2026-01-01T00:00:01.000Z"));
    expect(calls).toEqual(["AAPL"]);
    expect(store.get("MSFT")).toBe(msftBefore);
    expect(store.get("AAPL")).toMatchObject({ price: 101, recent: [100, 101] });
  });

  it("ignores a tick older than the quote it has", () => {
    const store = new QuoteStore();
    store.apply(tick("AAPL", 101, "2026-01-01T00:00:01.000Z"));
    store.apply(tick("AAPL", 100, "2026-01-01T00:00:00.000Z"));
    expect(store.get("AAPL")?.price).toBe(101);
  });

  it("keeps the last 40 prices for the sparkline, history seeded before the live ones", () => {
    const store = new QuoteStore();
    store.apply(tick("AAPL", 1, "2026-01-01T00:00:00.000Z"));
    store.seedHistory("AAPL", [-2, -1]);
    expect(store.get("AAPL")?.recent).toEqual([-2, -1, 1]);
    for (let i = 2; i <= 50; i++) store.apply(tick("AAPL", i, new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString()));
    expect(store.get("AAPL")?.recent).toHaveLength(40);
    expect(store.get("AAPL")?.recent.at(-1)).toBe(50);
  });

  it("stops notifying after unsubscribe", () => {
    const store = new QuoteStore();
    let calls = 0;
    const unsubscribe = store.subscribe("AAPL", () => calls++);
    unsubscribe();
    store.apply(tick("AAPL", 1, "2026-01-01T00:00:00.000Z"));
    expect(calls).toBe(0);
  });
});

// What every QuoteStore must do, run against the in-memory store (unit) and the Redis one (integration).
import { expect } from "vitest";
import type { QuoteStore } from "../src/data/quote-store.js";
import { HISTORY_LENGTH } from "../src/data/quote-store.js";

export async function checkQuoteStore(store: QuoteStore, symbol: string): Promise<void> {
  const at = (second: number) => new Date(Date.UTC(2026, 10, 23, 9, 0, second)).toISOString();
  const t1 = { symbol, price: 100, at: at(1) };
  const t2 = { symbol, price: 105, at: at(2) };

  expect(await store.latest([symbol])).toEqual([null]);
  const views = await store.record([t1, t2, t1, t2]);
  expect(views.map((v) => v?.price ?? null)).toEqual([100, 105, null, null]);
  expect(views[1]).toEqual({ symbol, price: 105, change: 5, changePercent: 5, updatedAt: at(2) });
  // A redelivered batch on its own changes nothing either.
  expect(await store.record([t1, t2])).toEqual([null, null]);
  expect(await store.latest([symbol, "NO-SUCH-SYMBOL"])).toEqual([views[1], null]);
  expect(await store.history(symbol, 10)).toEqual([
    { price: 105, at: at(2) },
    { price: 100, at: at(1) },
  ]);

  const later = Array.from({ length: HISTORY_LENGTH + 5 }, (_, i) => ({
    symbol,
    price: 200 + i,
    at: new Date(Date.parse(at(3)) + i).toISOString(),
  }));
  await store.record(later);
  const history = await store.history(symbol, HISTORY_LENGTH);
  expect(history).toHaveLength(HISTORY_LENGTH);
  expect(history[0]!.price).toBe(200 + HISTORY_LENGTH + 4);
  expect((await store.latest([symbol]))[0]).toMatchObject({
    price: 200 + HISTORY_LENGTH + 4,
    change: 100 + HISTORY_LENGTH + 4,
  });
}

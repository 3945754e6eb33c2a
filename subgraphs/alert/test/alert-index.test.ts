// AlertIndex: which ACTIVE alerts a price crosses (strictly), removal, bulk loading, and agreement with a scan.
import { describe, expect, it } from "vitest";
import { AlertIndex } from "../src/evaluator/alert-index.js";

const alert = (id: string, direction: "ABOVE" | "BELOW", threshold: number, symbol = "AAPL") => ({
  id,
  userId: "u",
  symbol,
  direction,
  threshold,
});

describe("AlertIndex", () => {
  it("crosses ABOVE alerts strictly below the price and BELOW alerts strictly above it", () => {
    const index = new AlertIndex();
    index.add(alert("a90", "ABOVE", 90));
    index.add(alert("a100", "ABOVE", 100));
    index.add(alert("a110", "ABOVE", 110));
    index.add(alert("b95", "BELOW", 95));
    index.add(alert("b105", "BELOW", 105));
    expect(
      index
        .crossed("AAPL", 100)
        .map((a) => a.id)
        .sort(),
    ).toEqual(["a90", "b105"]);
    expect(
      index
        .crossed("AAPL", 100.01)
        .map((a) => a.id)
        .sort(),
    ).toEqual(["a100", "a90", "b105"]);
    expect(
      index
        .crossed("AAPL", 94)
        .map((a) => a.id)
        .sort(),
    ).toEqual(["a90", "b105", "b95"]);
    expect(index.crossed("MSFT", 100)).toEqual([]);
  });

  it("removes alerts, including one of several with the same threshold", () => {
    const index = new AlertIndex();
    for (const id of ["x", "y", "z"]) index.add(alert(id, "ABOVE", 50));
    expect(index.remove("y")).toBe(true);
    expect(index.remove("y")).toBe(false);
    expect(
      index
        .crossed("AAPL", 51)
        .map((a) => a.id)
        .sort(),
    ).toEqual(["x", "z"]);
    expect(index.size).toBe(2);
  });

  it("lists crossed alerts most deeply crossed first, and keeps the rest after they are removed", () => {
    const index = new AlertIndex();
    for (const t of [10, 30, 20, 40]) index.add(alert(`a${t}`, "ABOVE", t));
    for (const t of [70, 90, 80, 60]) index.add(alert(`b${t}`, "BELOW", t));
    expect(index.crossed("AAPL", 35).map((a) => a.id)).toEqual(["a10", "a20", "a30", "b90", "b80", "b70", "b60"]);
    for (const a of index.crossed("AAPL", 25)) index.remove(a.id);
    expect(index.crossed("AAPL", 1000).map((a) => a.id)).toEqual(["a30", "a40"]);
    expect(index.crossed("AAPL", 0.5).map((a) => a.id)).toEqual([]);
    expect(index.size).toBe(2);
  });

  it("loads many alerts at once into the same order as one by one, skipping ids it already has", () => {
    const all = Array.from({ length: 500 }, (_, i) =>
      alert(`id${i}`, i % 2 ? "ABOVE" : "BELOW", (i * 37) % 101, i % 3 ? "AAPL" : "BTC"),
    );
    const single = new AlertIndex();
    for (const a of all) single.add(a);
    const bulk = new AlertIndex();
    bulk.add(all[0]!);
    bulk.addMany(all);
    expect(bulk.size).toBe(500);
    for (const price of [0, 20.5, 50, 100, 200]) {
      for (const symbol of ["AAPL", "BTC"]) {
        const ids = (index: AlertIndex) =>
          index
            .crossed(symbol, price)
            .map((a) => a.id)
            .sort();
        expect(ids(bulk)).toEqual(ids(single));
      }
    }
  });

  it("ignores a second add of the same id", () => {
    const index = new AlertIndex();
    index.add(alert("x", "BELOW", 10));
    index.add(alert("x", "BELOW", 10));
    expect(index.crossed("AAPL", 5)).toHaveLength(1);
  });

  it("agrees with a brute-force scan on random data", () => {
    const index = new AlertIndex();
    const all: ReturnType<typeof alert>[] = [];
    for (let i = 0; i < 2000; i++) {
      const a = alert(
        `id${i}`,
        Math.random() < 0.5 ? "ABOVE" : "BELOW",
        Math.round(Math.random() * 200),
        i % 3 === 0 ? "BTC" : "AAPL",
      );
      all.push(a);
      index.add(a);
    }
    for (const a of all.filter((_, i) => i % 7 === 0)) index.remove(a.id);
    const live = all.filter((_, i) => i % 7 !== 0);
    for (const price of [0, 37.5, 100, 150, 201]) {
      for (const symbol of ["AAPL", "BTC"]) {
        const expected = live
          .filter((a) => a.symbol === symbol && (a.direction === "ABOVE" ? price > a.threshold : price < a.threshold))
          .map((a) => a.id)
          .sort();
        expect(
          index
            .crossed(symbol, price)
            .map((a) => a.id)
            .sort(),
        ).toEqual(expected);
      }
    }
  });
});

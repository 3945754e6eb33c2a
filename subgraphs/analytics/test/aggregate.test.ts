import { describe, expect, it } from "vitest";
import type { ShareChange } from "../src/stats/aggregate.js";
import { aggregateOf, changePercent, figuresOf, mergeAggregates } from "../src/stats/aggregate.js";
import { bucketStart, windowBuckets } from "../src/stats/windows.js";

const change = (previousValue: number, value: number, at: number): ShareChange => ({
  userId: "u",
  previousValue,
  value,
  at,
});

describe("share-value aggregates", () => {
  const changes = [change(100, 110, 1000), change(110, 99, 2000), change(99, 108.9, 3000)];

  it("merged in any order give the figures of all the changes", () => {
    const forward = changes.map(aggregateOf).reduce(mergeAggregates);
    const backward = [...changes].reverse().map(aggregateOf).reduce(mergeAggregates);
    for (const aggregate of [forward, backward]) {
      const figures = figuresOf(aggregate);
      expect(figures).toMatchObject({
        changes: 3,
        min: 99,
        max: 110,
        first: 110,
        last: 108.9,
        from: new Date(1000),
        to: new Date(3000),
      });
      expect(figures.averageChange).toBeCloseTo((10 - 11 + 9.9) / 3, 12);
      expect(figures.averageChangePercent).toBeCloseTo(10 / 3, 12);
      // Percentage changes 10, -10, 10: population standard deviation sqrt(100 - (10/3)^2).
      expect(figures.volatility).toBeCloseTo(Math.sqrt(100 - 100 / 9), 12);
    }
  });

  it("has only a count of 0 when there were no changes", () => {
    expect(figuresOf(null)).toEqual({
      changes: 0,
      averageChange: null,
      averageChangePercent: null,
      volatility: null,
      min: null,
      max: null,
      first: null,
      last: null,
      from: null,
      to: null,
    });
  });

  it("counts a move from 0 as 0 %, not an infinity", () => {
    expect(changePercent(5, 0)).toBe(0);
    expect(figuresOf(aggregateOf(change(0, 5, 1))).volatility).toBe(0);
  });
});

describe("windows", () => {
  const now = Date.UTC(2026, 11, 1, 16, 7, 30);

  it("HOUR reads the 12 five-minute buckets ending with the current one", () => {
    expect(windowBuckets("HOUR", now)).toEqual({ size: 5, since: Date.UTC(2026, 11, 1, 15, 10) });
    expect(bucketStart(now, 5)).toBe(Date.UTC(2026, 11, 1, 16, 5));
  });

  it("DAY and WEEK read 24 and 168 hourly buckets; ALL the total", () => {
    expect(windowBuckets("DAY", now)).toEqual({ size: 60, since: Date.UTC(2026, 10, 30, 17) });
    expect(windowBuckets("WEEK", now)).toEqual({ size: 60, since: Date.UTC(2026, 10, 24, 17) });
    expect(windowBuckets("ALL", now)).toBeNull();
  });
});

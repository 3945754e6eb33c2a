import { describe, expect, it } from "vitest";
import { rankRecommendations } from "../src/data/ranking.js";

describe("recommendation ranking", () => {
  it("ranks co-purchases, watched instruments and this week's favourites, leaving out what the user holds", () => {
    const ranked = rankRecommendations(
      {
        held: new Set(["AAPL"]),
        coBought: [{ symbol: "MSFT", buyers: 3, via: "AAPL" }],
        watched: [
          { symbol: "TSLA", alerts: 1 },
          { symbol: "AAPL", alerts: 4 },
        ],
        popular: [
          { symbol: "AAPL", purchases: 10 },
          { symbol: "NVDA", purchases: 5 },
        ],
      },
      5,
    );
    expect(ranked).toEqual([
      { symbol: "MSFT", score: 3, reason: "3 people who bought AAPL also bought MSFT." },
      { symbol: "TSLA", score: 2, reason: "You watch TSLA with 1 alert but do not own it yet." },
      { symbol: "NVDA", score: 0.5, reason: "NVDA is one of the most bought this week (5 purchases)." },
    ]);
  });

  it("offers held instruments only when nothing else qualifies, and says so", () => {
    const ranked = rankRecommendations(
      { held: new Set(["AAPL"]), coBought: [], watched: [], popular: [{ symbol: "AAPL", purchases: 1 }] },
      5,
    );
    expect(ranked).toEqual([
      {
        symbol: "AAPL",
        score: 1,
        reason: "AAPL is one of the most bought this week (1 purchase); you hold it already.",
      },
    ]);
  });

  it("returns at most `first`, and nothing without any signal", () => {
    const popular = ["A", "B", "C"].map((symbol, i) => ({ symbol, purchases: 3 - i }));
    expect(
      rankRecommendations({ held: new Set(), coBought: [], watched: [], popular }, 2).map((r) => r.symbol),
    ).toEqual(["A", "B"]);
    expect(rankRecommendations({ held: new Set(), coBought: [], watched: [], popular: [] }, 5)).toEqual([]);
  });
});

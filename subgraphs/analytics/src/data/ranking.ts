// Ranks recommendation candidates from three signals, each kept up to date by events: co-purchases, alerts on
// instruments the user does not hold, and what was bought most this week. Pure, so it is tested without a database.
export interface RecommendationSignals {
  held: ReadonlySet<string>;
  /** Per candidate: how many users bought it together with something the user holds, and the strongest such holding. */
  coBought: ReadonlyArray<{ symbol: string; buyers: number; via: string }>;
  /** Instruments with the user's active alerts. */
  watched: ReadonlyArray<{ symbol: string; alerts: number }>;
  /** Purchases per instrument over the last 7 days, most first. */
  popular: ReadonlyArray<{ symbol: string; purchases: number }>;
}

export interface RankedRecommendation {
  symbol: string;
  score: number;
  reason: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Score = co-buyers + 2 per active alert + this week's purchases relative to the most bought (0..1). Held
 * instruments are left out, unless nothing else qualifies: then the week's most bought fill the list, held or not.
 */
export function rankRecommendations(signals: RecommendationSignals, first: number): RankedRecommendation[] {
  const topPurchases = Math.max(1, ...signals.popular.map((p) => p.purchases));
  const candidates = new Map<string, { score: number; reasons: Array<{ weight: number; text: string }> }>();
  const add = (symbol: string, weight: number, text: string) => {
    if (signals.held.has(symbol)) return;
    const entry = candidates.get(symbol) ?? { score: 0, reasons: [] };
    entry.score += weight;
    entry.reasons.push({ weight, text });
    candidates.set(symbol, entry);
  };
  for (const { symbol, buyers, via } of signals.coBought) {
    add(symbol, buyers, `${plural(buyers, "person who", "people who")} bought ${via} also bought ${symbol}.`);
  }
  for (const { symbol, alerts } of signals.watched) {
    add(symbol, 2 * alerts, `You watch ${symbol} with ${plural(alerts, "alert", "alerts")} but do not own it yet.`);
  }
  for (const { symbol, purchases } of signals.popular) {
    add(
      symbol,
      purchases / topPurchases,
      `${symbol} is one of the most bought this week (${plural(purchases, "purchase", "purchases")}).`,
    );
  }

  const ranked = [...candidates].map(([symbol, { score, reasons }]) => ({
    symbol,
    score: round(score),
    reason: reasons.reduce((best, r) => (r.weight > best.weight ? r : best)).text,
  }));
  if (ranked.length === 0) {
    return signals.popular.slice(0, first).map(({ symbol, purchases }) => ({
      symbol,
      score: round(purchases / topPurchases),
      reason: `${symbol} is one of the most bought this week (${plural(purchases, "purchase", "purchases")}); you hold it already.`,
    }));
  }
  return ranked.sort((a, b) => b.score - a.score || a.symbol.localeCompare(b.symbol)).slice(0, first);
}

const round = (n: number) => Math.round(n * 1000) / 1000;

// Reads the recommendation signals of one user from the event-maintained tables (small: a row per instrument pair,
// per instrument-day, per alert) and ranks them.
import type { SqlClient } from "@tickergraph/db";
import { quoteIdent } from "@tickergraph/db";
import type { RankedRecommendation } from "./ranking.js";
import { rankRecommendations } from "./ranking.js";

export type RecommendationView = RankedRecommendation;

export class Recommendations {
  constructor(
    private readonly sql: SqlClient,
    private readonly schema: string,
  ) {}

  async forUser(userId: string, first: number, now = new Date()): Promise<RecommendationView[]> {
    const schema = quoteIdent(this.schema);
    const heldRows = await this.sql.query<{ symbol: string }>(
      `SELECT symbol FROM ${schema}."spending_by_symbol" WHERE user_id = $1::uuid`,
      [userId],
    );
    const held = heldRows.map((r) => r.symbol);
    const [coBought, watched, popular] = await Promise.all([
      held.length === 0
        ? Promise.resolve([])
        : this.sql.query<{ symbol: string; buyers: number; via: string }>(
            `SELECT other_symbol AS symbol, sum(buyers)::int AS buyers, (array_agg(symbol ORDER BY buyers DESC, symbol))[1] AS via
               FROM ${schema}."co_purchase" WHERE symbol = ANY($1::text[]) GROUP BY other_symbol`,
            [held],
          ),
      this.sql.query<{ symbol: string; alerts: number }>(
        `SELECT symbol, count(*)::int AS alerts FROM ${schema}."watched_alert" WHERE user_id = $1::uuid AND active GROUP BY symbol`,
        [userId],
      ),
      this.sql.query<{ symbol: string; purchases: number }>(
        `SELECT symbol, sum(purchases)::int AS purchases FROM ${schema}."purchase_day"
          WHERE day > ($1::timestamptz AT TIME ZONE 'UTC')::date - 7 GROUP BY symbol ORDER BY 2 DESC, 1 LIMIT 50`,
        [now.toISOString()],
      ),
    ]);
    return rankRecommendations({ held: new Set(held), coBought, watched, popular }, first);
  }
}

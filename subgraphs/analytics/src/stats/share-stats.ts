// Answers share-value statistics for one user and window from the aggregates: the total row, or at most 168
// buckets merged in one indexed query.
import type { SqlClient } from "@tickergraph/db";
import { quoteIdent } from "@tickergraph/db";
import type { Aggregate, ShareStatsFigures } from "./aggregate.js";
import { figuresOf } from "./aggregate.js";
import type { StatsWindow } from "./windows.js";
import { windowBuckets } from "./windows.js";

export interface ShareStatsView extends ShareStatsFigures {
  window: StatsWindow;
}

interface AggregateRow {
  changes: number | string | null;
  sum_change: number | null;
  sum_change_pct: number | null;
  sum_change_pct_sq: number | null;
  min: number | null;
  max: number | null;
  first_value: number | null;
  first_at: number | null;
  last_value: number | null;
  last_at: number | null;
}

const FIGURES = `sum_change, sum_change_pct, sum_change_pct_sq, min, max, first_value,
  round(extract(epoch FROM first_at) * 1000)::float8 AS first_at, last_value, round(extract(epoch FROM last_at) * 1000)::float8 AS last_at`;

export class ShareStatsReader {
  constructor(
    private readonly sql: SqlClient,
    private readonly schema: string,
  ) {}

  async stats(userId: string, window: StatsWindow, now = Date.now()): Promise<ShareStatsView> {
    const schema = quoteIdent(this.schema);
    const buckets = windowBuckets(window, now);
    const [row] = buckets
      ? await this.sql.query<AggregateRow>(
          `SELECT changes, ${FIGURES} FROM (
             SELECT sum(changes)::int AS changes, sum(sum_change) AS sum_change, sum(sum_change_pct) AS sum_change_pct,
                    sum(sum_change_pct_sq) AS sum_change_pct_sq, min(min) AS min, max(max) AS max,
                    (array_agg(first_value ORDER BY start))[1] AS first_value, min(first_at) AS first_at,
                    (array_agg(last_value ORDER BY start DESC))[1] AS last_value, max(last_at) AS last_at
               FROM ${schema}."share_stats_bucket"
              WHERE user_id = $1::uuid AND size_minutes = $2 AND start >= to_timestamp($3 / 1000.0)
           ) AS w`,
          [userId, buckets.size, buckets.since],
        )
      : await this.sql.query<AggregateRow>(
          `SELECT changes, ${FIGURES} FROM ${schema}."share_stats_total" WHERE user_id = $1::uuid`,
          [userId],
        );
    return { window, ...figuresOf(row?.changes ? toAggregate(row) : null) };
  }
}

function toAggregate(row: AggregateRow): Aggregate {
  return {
    changes: Number(row.changes),
    sumChange: Number(row.sum_change),
    sumChangePct: Number(row.sum_change_pct),
    sumChangePctSq: Number(row.sum_change_pct_sq),
    min: Number(row.min),
    max: Number(row.max),
    firstValue: Number(row.first_value),
    firstAt: Number(row.first_at),
    lastValue: Number(row.last_value),
    lastAt: Number(row.last_at),
  };
}

// 1-minute candles in Postgres. A batch of ticks becomes one upsert; a tick at or before a candle's last applied
// tick is ignored, which makes redelivery harmless (ticks of one symbol come from one generator, in time order).
import type { SqlClient } from "@tickergraph/db";
import { quoteIdent } from "@tickergraph/db";
import type { PriceTick } from "./quote-store.js";

export function minuteStart(at: string): string {
  const date = new Date(at);
  date.setUTCSeconds(0, 0);
  return date.toISOString();
}

export class CandleStore {
  constructor(
    private readonly sql: SqlClient,
    private readonly schema: string,
  ) {}

  async apply(ticks: PriceTick[]): Promise<void> {
    // One statement per tick keeps the "only newer ticks" rule simple; a batch shares one transaction.
    if (ticks.length === 0) return;
    const table = `${quoteIdent(this.schema)}."candle"`;
    await this.sql.transaction(async (tx) => {
      for (const tick of ticks) {
        await tx.query(
          `INSERT INTO ${table} (symbol, start, open, high, low, close, count, last_tick_at)
           VALUES ($1, $2, $3, $3, $3, $3, 1, $4)
           ON CONFLICT (symbol, start) DO UPDATE SET
             high = greatest(${table}.high, EXCLUDED.high),
             low = least(${table}.low, EXCLUDED.low),
             close = EXCLUDED.close,
             count = ${table}.count + 1,
             last_tick_at = EXCLUDED.last_tick_at
           WHERE ${table}.last_tick_at < EXCLUDED.last_tick_at`,
          [tick.symbol, minuteStart(tick.at), tick.price, tick.at],
        );
      }
    });
  }
}

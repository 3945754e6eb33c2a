// Which instruments each user watches with an alert, from alert.created / cancelled / triggered. Naturally
// idempotent and order-free: a creation inserts the alert only if it is unknown, an end marks it inactive
// (inserting it so), so a late or repeated creation never revives an alert that ended.
import type { SqlClient } from "@tickergraph/db";
import { quoteIdent } from "@tickergraph/db";
import type { EventEnvelope } from "@tickergraph/events";
import type { AlertChanged } from "@tickergraph/events";
import { ALERT_CREATED } from "@tickergraph/events";

export class WatchedAlerts {
  constructor(
    private readonly sql: SqlClient,
    private readonly schema: string,
  ) {}

  async apply(events: Array<EventEnvelope<AlertChanged>>): Promise<void> {
    const table = `${quoteIdent(this.schema)}."watched_alert"`;
    for (const { type, payload } of events) {
      if (type === ALERT_CREATED && payload.status === "ACTIVE") {
        await this.sql.query(
          `INSERT INTO ${table} (alert_id, user_id, symbol, active) VALUES ($1::uuid, $2::uuid, $3, true) ON CONFLICT (alert_id) DO NOTHING`,
          [payload.id, payload.userId, payload.symbol],
        );
      } else {
        await this.sql.query(
          `INSERT INTO ${table} (alert_id, user_id, symbol, active) VALUES ($1::uuid, $2::uuid, $3, false)
           ON CONFLICT (alert_id) DO UPDATE SET active = false`,
          [payload.id, payload.userId, payload.symbol],
        );
      }
    }
  }
}

// Moves every user's share value one random-walk step per tick, in key-set pages of one SQL statement each:
// the update and its `user.share-value.changed` events (into the outbox) commit together.
import type { SqlClient } from "@tickergraph/db";
import { quoteIdent } from "@tickergraph/db";
import { SHARE_VALUE_CHANGED } from "@tickergraph/events";
import { MAX_STEP, MAX_VALUE, MIN_VALUE } from "./random-walk.js";

export interface TickResult {
  users: number;
  pages: number;
  ms: number;
}

/** The lease a tick must still hold, page by page (see `statement`). */
export interface TickFence {
  leaseName: string;
  holder: string;
}

export class ShareTicker {
  constructor(
    private readonly sql: SqlClient,
    private readonly schema: string,
    private readonly platformSchema: string,
    private readonly pageSize: number,
    private readonly fence?: TickFence,
  ) {}

  async tick(): Promise<TickResult> {
    const started = performance.now();
    let after = "00000000-0000-0000-0000-000000000000";
    let users = 0;
    let pages = 0;
    for (;;) {
      const params = this.fence
        ? [after, this.pageSize, this.fence.leaseName, this.fence.holder]
        : [after, this.pageSize];
      const rows = await this.sql.query<{ moved: number; last: string | null }>(this.statement(), params);
      const moved = rows[0]?.moved ?? 0;
      pages++;
      users += moved;
      if (moved < this.pageSize || !rows[0]?.last) break;
      after = rows[0].last;
    }
    return { users, pages, ms: performance.now() - started };
  }

  /**
   * $1 = last id of the previous page, $2 = page size; with a fence, $3/$4 = lease name/holder.
   * The step mirrors nextShareValue(): ±MAX_STEP, clamped, rounded to cents.
   * The fence makes each page conditional on still holding the lease, so an instance that lost it mid-tick
   * (a long pause, a partition) stops moving values instead of ticking alongside the new holder.
   */
  private statement(): string {
    const users = `${quoteIdent(this.schema)}."user"`;
    const outbox = `${quoteIdent(this.platformSchema)}."outbox_event"`;
    const fenced = this.fence
      ? `AND EXISTS (SELECT 1 FROM ${quoteIdent(this.platformSchema)}."lease"
                      WHERE name = $3 AND holder = $4 AND expires_at > now())`
      : "";
    return `
      WITH page AS (
        SELECT id, share_value FROM ${users} WHERE id > $1::uuid ${fenced} ORDER BY id LIMIT $2 FOR UPDATE
      ), moved AS (
        UPDATE ${users} u
           SET share_value = round(least(${MAX_VALUE}, greatest(${MIN_VALUE},
                 page.share_value * (1 + (random() * 2 - 1) * ${MAX_STEP})))::numeric, 2)::float8,
               share_value_updated_at = now()
          FROM page
         WHERE u.id = page.id
        RETURNING u.id, page.share_value AS previous, u.share_value AS value, u.share_value_updated_at AS changed_at
      ), events AS (
        INSERT INTO ${outbox} (id, type, key, envelope)
        SELECT m.event_id, '${SHARE_VALUE_CHANGED}', m.id::text, jsonb_build_object(
                 'id', m.event_id, 'type', '${SHARE_VALUE_CHANGED}', 'key', m.id::text,
                 'occurredAt', m.at, 'schemaVersion', 1,
                 'payload', jsonb_build_object(
                   'userId', m.id::text, 'value', m.value, 'previousValue', m.previous, 'changedAt', m.at))
          -- gen_random_uuid() in this select list runs per row (in an uncorrelated LATERAL it would run once).
          FROM (SELECT gen_random_uuid() AS event_id, moved.*,
                       to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
                  FROM moved) m
        RETURNING 1
      )
      SELECT (SELECT count(*)::int FROM moved) AS moved, (SELECT id::text FROM moved ORDER BY id DESC LIMIT 1) AS last,
             (SELECT count(*) FROM events) AS queued`;
  }
}

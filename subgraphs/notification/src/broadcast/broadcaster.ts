// Broadcasts (a notification to every known user) as a resumable job. A broadcast is a row with a cursor; each batch
// is ONE transaction of set-based SQL: take the next users after the cursor, write their inbox rows, their
// `notification.created` events (outbox) and their email/SMS jobs by each user's preferences, and move the cursor.
// A crash anywhere loses at most the batch in flight, which rolls back whole; `resumeUnfinished()` (at start)
// carries on from the cursor: no user gets it twice, none is skipped. The broadcast row is locked per batch, so
// instances that resume the same broadcast take turns instead of writing the same users.
import { randomUUID } from "node:crypto";
import type { SqlClient } from "@tickergraph/db";
import { quoteIdent } from "@tickergraph/db";
import type { Logger } from "@tickergraph/telemetry";
import { DEFAULT_CHANNELS } from "../data/preference-rules.js";
import type { NotificationKind } from "../data/views.js";
import { NOTIFICATION_CREATED } from "@tickergraph/events";
import type { Message } from "../messages/compose.js";

export interface BroadcasterOptions {
  sql: SqlClient;
  schema: string;
  platformSchema: string;
  batchSize: number;
  maxAttempts: number;
  /** After each committed batch: publish its events and send its jobs now rather than at the next poll. */
  committed(): void;
  logger: Logger;
  /** Test seam: runs inside each batch's transaction, before it commits (a test crashes the process there). */
  beforeCommit?(batch: number): Promise<void>;
}

interface BatchResult {
  recipients: number;
  finished: boolean;
}

export class Broadcaster {
  private readonly t: { broadcast: string; recipient: string; preference: string; notification: string };
  private readonly delivery: string;
  private readonly outbox: string;
  private stopping = false;
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly options: BroadcasterOptions) {
    const s = quoteIdent(options.schema);
    this.t = {
      broadcast: `${s}."broadcast"`,
      recipient: `${s}."recipient"`,
      preference: `${s}."notification_preference"`,
      notification: `${s}."notification"`,
    };
    this.delivery = `${s}."delivery"`;
    this.outbox = `${quoteIdent(options.platformSchema)}."outbox_event"`;
  }

  /** Records a broadcast and runs it to the end; returns how many users it reached. */
  async send(message: Message): Promise<number> {
    const id = randomUUID();
    await this.options.sql.query(`INSERT INTO ${this.t.broadcast} (id, kind, title, body) VALUES ($1, $2, $3, $4)`, [
      id,
      message.kind,
      message.title,
      message.body,
    ]);
    return this.run(id);
  }

  /** Finishes every broadcast a stopped or crashed process left unfinished (oldest first). */
  async resumeUnfinished(): Promise<number> {
    const rows = await this.options.sql.query<{ id: string }>(
      `SELECT id::text FROM ${this.t.broadcast} WHERE finished_at IS NULL ORDER BY created_at`,
    );
    for (const { id } of rows) {
      this.options.logger.info({ broadcastId: id }, "resuming an unfinished broadcast");
      await this.run(id);
    }
    return rows.length;
  }

  /** Runs batches until the broadcast is finished; returns its recipients (all batches, whoever ran them). */
  async run(id: string): Promise<number> {
    for (let batch = 1; ; batch++) {
      if (this.stopping) throw new Error(`stopping: broadcast ${id} resumes at the next start`);
      const running = this.runBatch(id, batch);
      this.running.add(running);
      const result = await running.finally(() => this.running.delete(running));
      this.options.committed();
      if (result.finished) return result.recipients;
    }
  }

  /** No new batch starts; the ones in flight commit. What is left is resumed at the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running]);
  }

  private runBatch(id: string, batch: number): Promise<BatchResult> {
    return this.options.sql.transaction(async (tx) => {
      // Locks the broadcast for this batch: another instance resuming it waits, then reads the moved cursor.
      const [broadcast] = await tx.query<{
        kind: NotificationKind;
        title: string;
        body: string;
        reached: string | null;
        recipients: number;
        finished: boolean;
      }>(
        `SELECT kind, title, body, reached_user_id::text AS reached, recipients, finished_at IS NOT NULL AS finished
           FROM ${this.t.broadcast} WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!broadcast) throw new Error(`no broadcast ${id}`);
      if (broadcast.finished) return { recipients: broadcast.recipients, finished: true };
      const now = new Date().toISOString();
      const [moved] = await tx.query<{ recipients: number; finished: boolean }>(this.batchSql(), [
        id,
        broadcast.reached,
        this.options.batchSize,
        broadcast.kind,
        broadcast.title,
        broadcast.body,
        now,
        JSON.stringify(DEFAULT_CHANNELS[broadcast.kind]),
        this.options.maxAttempts,
        NOTIFICATION_CREATED,
      ]);
      await this.options.beforeCommit?.(batch);
      return { recipients: Number(moved!.recipients), finished: moved!.finished };
    });
  }

  /**
   * One statement per batch. $1 broadcast id, $2 cursor (null: from the start), $3 batch size, $4–$6 kind, title,
   * body, $7 the time (ISO), $8 the kind's default channels (JSON), $9 max delivery attempts, $10 the event type.
   * The event envelope is built here as `createEvent` builds it (id, type, key, occurredAt, schemaVersion, payload).
   */
  private batchSql(): string {
    const { t } = this;
    return `
      WITH batch AS (
        SELECT r.user_id, r.email, p.phone_number,
               COALESCE(p.channels -> $4::text, $8::jsonb) AS channels
          FROM ${t.recipient} r LEFT JOIN ${t.preference} p ON p.user_id = r.user_id
         WHERE $2::uuid IS NULL OR r.user_id > $2::uuid
         ORDER BY r.user_id
         LIMIT $3
      ), inbox AS (
        INSERT INTO ${t.notification} (id, user_id, kind, title, body, created_at)
        SELECT gen_random_uuid(), user_id, $4, $5, $6, $7::text::timestamptz FROM batch WHERE channels ? 'IN_APP'
        RETURNING id, user_id
      ), events AS (
        INSERT INTO ${this.outbox} (id, type, key, envelope)
        SELECT e.id, $10, i.user_id::text, jsonb_build_object(
                 'id', e.id, 'type', $10::text, 'key', i.user_id, 'occurredAt', $7::text, 'schemaVersion', 1,
                 'payload', jsonb_build_object('id', i.id, 'userId', i.user_id, 'kind', $4::text, 'title', $5::text,
                                               'body', $6::text, 'createdAt', $7::text, 'readAt', NULL))
          FROM inbox i CROSS JOIN LATERAL (SELECT gen_random_uuid() AS id) e
      ), jobs AS (
        INSERT INTO ${this.delivery} (id, notification_id, user_id, channel, recipient, subject, body, max_attempts)
        SELECT gen_random_uuid(), i.id, b.user_id, c.channel, c.recipient, $5, $6, $9
          FROM batch b
          LEFT JOIN inbox i ON i.user_id = b.user_id
          CROSS JOIN LATERAL (VALUES ('EMAIL', b.email), ('SMS', b.phone_number)) AS c(channel, recipient)
         WHERE b.channels ? c.channel AND c.recipient IS NOT NULL
      ), reached AS (
        SELECT count(*)::int AS n, (SELECT user_id FROM batch ORDER BY user_id DESC LIMIT 1) AS last FROM batch
      )
      UPDATE ${t.broadcast} AS bc
         SET reached_user_id = COALESCE(reached.last, bc.reached_user_id),
             recipients = bc.recipients + reached.n,
             finished_at = CASE WHEN reached.n < $3 THEN now() END
        FROM reached
       WHERE bc.id = $1
      RETURNING bc.recipients, bc.finished_at IS NOT NULL AS finished`;
  }
}

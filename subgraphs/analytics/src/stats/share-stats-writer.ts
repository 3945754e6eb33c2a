// Write-behind for share-value statistics. Changes are folded in memory into one delta per (user, bucket), and a
// flush writes all deltas at once (two upserts per shard), so the cost of a flush follows the number of users, not
// of events. The consumer's offsets are committed only after the flush that stored them (DeferredCommit).
//
// A flush is split by user into `writers` shards, each its own transaction on its own connection: the upserts are
// Postgres' work, so several backends use several cores. A user's rows are all in one shard, so a shard that
// fails puts back only its own deltas (to be retried) while the others stay written.
//
// Exactly once: each user's changes arrive in time order (one partition per user), so a change at or before the
// user's watermark (the last change applied: in memory, else `share_stats_total.last_at`) is a redelivery and is
// dropped. The upserts also refuse a delta that starts at or before what a row holds.
import type { SqlClient } from "@tickergraph/db";
import { quoteIdent } from "@tickergraph/db";
import type { DeferredCommit } from "@tickergraph/events";
import type { Logger } from "@tickergraph/telemetry";
import type { Aggregate, ShareChange } from "./aggregate.js";
import { aggregateOf, mergeAggregates, mergeInto } from "./aggregate.js";
import { BUCKET_SIZES, bucketStart, retentionMs } from "./windows.js";

/** size 0 is the user's total. */
interface Delta {
  userId: string;
  size: number;
  start: number;
  aggregate: Aggregate;
}

export interface ShareStatsWriterOptions {
  sql: SqlClient;
  schema: string;
  logger: Logger;
  /** How long changes wait in memory before a flush (more waiting: fewer rows written per event). */
  flushMs: number;
  /** Deltas held before a batch must wait for a flush (bounds memory). */
  maxPendingDeltas: number;
  /** Transactions (connections) a flush is split into, by user; 1 on PGlite (one connection). Default 1. */
  writers?: number;
}

interface Waiter {
  promise: Promise<void>;
  resolve(): void;
}

function waiter(): Waiter {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

export class ShareStatsWriter {
  private pending = new Map<string, Delta>();
  private nextFlush = waiter();
  private readonly watermarks = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private failures = 0;
  private prunedAt = 0;
  private stopped = false;
  /** Counters for tests and the benchmark: changes dropped as redeliveries, applied, and what the flushes cost. */
  duplicates = 0;
  applied = 0;
  firstAcceptedAt = 0;
  readonly flushes = { count: 0, rows: 0, ms: 0 };

  constructor(private readonly options: ShareStatsWriterOptions) {}

  /** Folds changes in; `durable` resolves once a flush has stored them. */
  async accept(changes: ShareChange[]): Promise<DeferredCommit> {
    this.firstAcceptedAt ||= performance.now();
    await this.loadWatermarks(changes);
    for (const change of changes) {
      const watermark = this.watermarks.get(change.userId) ?? -Infinity;
      if (!Number.isFinite(change.at) || change.at <= watermark) {
        this.duplicates++;
        continue;
      }
      this.watermarks.set(change.userId, change.at);
      this.applied++;
      const aggregate = aggregateOf(change);
      this.add({ userId: change.userId, size: 0, start: 0, aggregate });
      for (const size of BUCKET_SIZES)
        this.add({ userId: change.userId, size, start: bucketStart(change.at, size), aggregate });
    }
    const durable = this.nextFlush.promise;
    if (this.pending.size >= this.options.maxPendingDeltas) {
      // Back-pressure: hold this batch until memory is written out.
      void this.flush();
      await durable;
    } else this.schedule();
    return { durable };
  }

  /** Writes whatever is pending now (tests, shutdown). */
  async flushNow(): Promise<void> {
    clearTimeout(this.timer);
    await this.flush();
    if (this.pending.size > 0) await this.flush();
  }

  async stop(): Promise<void> {
    await this.flushNow().catch((error: unknown) =>
      this.options.logger.warn({ err: error }, "final statistics flush failed; the events will be redelivered"),
    );
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private add(delta: Delta): void {
    const key = `${delta.userId}/${delta.size}/${delta.start}`;
    const existing = this.pending.get(key);
    // The aggregate is shared by a change's three deltas: a new delta takes a copy, an existing one folds in place.
    if (existing) mergeInto(existing.aggregate, delta.aggregate);
    else this.pending.set(key, { ...delta, aggregate: { ...delta.aggregate } });
  }

  private schedule(delayMs = this.options.flushMs): void {
    if (this.timer || this.stopped || this.pending.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
  }

  private flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.pending.size === 0) return Promise.resolve();
    clearTimeout(this.timer);
    this.timer = undefined;
    const deltas = this.pending;
    const done = this.nextFlush;
    this.pending = new Map();
    this.nextFlush = waiter();
    const started = performance.now();
    const shards = shardByUser(deltas, Math.max(1, this.options.writers ?? 1));
    this.flushing = Promise.allSettled(shards.map((shard) => this.write([...shard.values()])))
      .then((outcomes) => {
        const failed = outcomes.flatMap((outcome, i) => (outcome.status === "rejected" ? [i] : []));
        const written = shards.reduce((n, shard, i) => n + (failed.includes(i) ? 0 : shard.size), 0);
        this.flushes.count++;
        this.flushes.rows += written;
        this.flushes.ms += performance.now() - started;
        if (failed.length === 0) {
          this.failures = 0;
          done.resolve();
          void this.pruneNowAndThen();
          return;
        }
        // Nothing is lost: a failed shard's deltas go back in front of what came since, and the batches waiting
        // on this flush stay uncommitted until the retry has stored them.
        this.failures++;
        const first = outcomes[failed[0]!] as PromiseRejectedResult;
        this.options.logger.warn(
          { err: first.reason, shards: failed.length, failures: this.failures },
          "statistics flush failed; retrying",
        );
        const back = new Map<string, Delta>();
        for (const i of failed) for (const [key, delta] of shards[i]!) back.set(key, delta);
        for (const [key, delta] of this.pending) {
          const older = back.get(key);
          back.set(key, older ? { ...older, aggregate: mergeAggregates(older.aggregate, delta.aggregate) } : delta);
        }
        this.pending = back;
        void this.nextFlush.promise.then(done.resolve);
      })
      .finally(() => {
        this.flushing = undefined;
        // The next write waits flushMs even when catching up: the changes meanwhile fold into fewer rows per
        // event (writing back to back measured 2.4 rows per event instead of 2.0, more Postgres CPU per event).
        const backoff =
          this.failures === 0 ? this.options.flushMs : Math.min(5000, this.options.flushMs * 2 ** this.failures);
        this.schedule(backoff);
      });
    return this.flushing;
  }

  /** Drops buckets no window reads any more, at most once a minute. */
  private async pruneNowAndThen(): Promise<void> {
    const now = Date.now();
    if (now - this.prunedAt < 60_000) return;
    this.prunedAt = now;
    const table = `${quoteIdent(this.options.schema)}."share_stats_bucket"`;
    try {
      for (const size of BUCKET_SIZES) {
        await this.options.sql.query(
          `DELETE FROM ${table} WHERE size_minutes = $1 AND start < to_timestamp($2 / 1000.0)`,
          [size, now - retentionMs(size)],
        );
      }
    } catch (error) {
      this.options.logger.warn({ err: error }, "pruning old statistics buckets failed; next time");
    }
  }

  private async loadWatermarks(changes: ShareChange[]): Promise<void> {
    const unknown = [...new Set(changes.map((c) => c.userId))].filter((id) => !this.watermarks.has(id));
    if (unknown.length === 0) return;
    const rows = await this.options.sql.query<{ user_id: string; last_at: number }>(
      `SELECT user_id::text, round(extract(epoch FROM last_at) * 1000)::float8 AS last_at
         FROM ${quoteIdent(this.options.schema)}."share_stats_total" WHERE user_id = ANY($1::uuid[])`,
      [unknown],
    );
    for (const row of rows) this.watermarks.set(row.user_id, Number(row.last_at));
    // Users without a row have nothing applied; remembering that saves asking again.
    for (const id of unknown) if (!this.watermarks.has(id)) this.watermarks.set(id, -Infinity);
  }

  private async write(deltas: Delta[]): Promise<void> {
    const schema = quoteIdent(this.options.schema);
    const totals = deltas.filter((d) => d.size === 0);
    const buckets = deltas.filter((d) => d.size !== 0);
    await this.options.sql.transaction(async (tx) => {
      // Statements of WRITE_CHUNK rows: serialising 100 000s of array elements at once would block the event loop
      // for seconds (and miss Kafka heartbeats); between chunks it serves everything else.
      for (let from = 0; from < buckets.length; from += WRITE_CHUNK) {
        await tx.query(
          `INSERT INTO ${schema}."share_stats_bucket" AS b
             (user_id, size_minutes, start, changes, sum_change, sum_change_pct, sum_change_pct_sq, min, max,
              first_value, first_at, last_value, last_at)
           SELECT u, s, to_timestamp(st / 1000.0), n, sc, sp, sq, mn, mx, fv, to_timestamp(fa / 1000.0), lv, to_timestamp(la / 1000.0)
             FROM unnest($1::uuid[], $2::int2[], $3::float8[], $4::int[], $5::float8[], $6::float8[], $7::float8[],
                         $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::float8[])
                  AS d(u, s, st, n, sc, sp, sq, mn, mx, fv, fa, lv, la)
           ${MERGE_ON_CONFLICT("(user_id, size_minutes, start)")}`,
          [...columns(buckets.slice(from, from + WRITE_CHUNK), true)],
        );
      }
      for (let from = 0; from < totals.length; from += WRITE_CHUNK) {
        await tx.query(
          `INSERT INTO ${schema}."share_stats_total" AS b
             (user_id, changes, sum_change, sum_change_pct, sum_change_pct_sq, min, max, first_value, first_at, last_value, last_at)
           SELECT u, n, sc, sp, sq, mn, mx, fv, to_timestamp(fa / 1000.0), lv, to_timestamp(la / 1000.0)
             FROM unnest($1::uuid[], $2::int[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[],
                         $8::float8[], $9::float8[], $10::float8[], $11::float8[])
                  AS d(u, n, sc, sp, sq, mn, mx, fv, fa, lv, la)
           ${MERGE_ON_CONFLICT("(user_id)")}`,
          [...columns(totals.slice(from, from + WRITE_CHUNK), false)],
        );
      }
    });
  }
}

const WRITE_CHUNK = 10_000;

/** Splits deltas by user (the last two hex digits of the id), so all of one user's rows go to one shard. */
function shardByUser(deltas: Map<string, Delta>, count: number): Array<Map<string, Delta>> {
  if (count === 1) return [deltas];
  const shards = Array.from({ length: count }, () => new Map<string, Delta>());
  for (const [key, delta] of deltas) shards[Number.parseInt(delta.userId.slice(-2), 16) % count]!.set(key, delta);
  return shards.filter((shard) => shard.size > 0);
}

/** Adds a delta to a row; a delta starting at or before the row's last change was applied already. */
const MERGE_ON_CONFLICT = (key: string) => `ON CONFLICT ${key} DO UPDATE SET
  changes = b.changes + EXCLUDED.changes,
  sum_change = b.sum_change + EXCLUDED.sum_change,
  sum_change_pct = b.sum_change_pct + EXCLUDED.sum_change_pct,
  sum_change_pct_sq = b.sum_change_pct_sq + EXCLUDED.sum_change_pct_sq,
  min = least(b.min, EXCLUDED.min),
  max = greatest(b.max, EXCLUDED.max),
  last_value = EXCLUDED.last_value,
  last_at = EXCLUDED.last_at
WHERE b.last_at < EXCLUDED.first_at`;

/**
 * The upserts' parameters as Postgres array literals, built here: pg's generic array serialisation (a type check and
 * an escape per element) was a sixth of the consumer's CPU. UUIDs and JS numbers need no quoting, and a number's
 * shortest decimal form reads back as the same float8.
 */
function* columns(deltas: Delta[], withBucket: boolean): Generator<string> {
  const literal = (values: Array<string | number>) => `{${values.join(",")}}`;
  yield literal(deltas.map((d) => d.userId));
  if (withBucket) {
    yield literal(deltas.map((d) => d.size));
    yield literal(deltas.map((d) => d.start));
  }
  const a = deltas.map((d) => d.aggregate);
  yield literal(a.map((x) => x.changes));
  yield literal(a.map((x) => x.sumChange));
  yield literal(a.map((x) => x.sumChangePct));
  yield literal(a.map((x) => x.sumChangePctSq));
  yield literal(a.map((x) => x.min));
  yield literal(a.map((x) => x.max));
  yield literal(a.map((x) => x.firstValue));
  yield literal(a.map((x) => x.firstAt));
  yield literal(a.map((x) => x.lastValue));
  yield literal(a.map((x) => x.lastAt));
}

// Transactional outbox: an event that goes with a database write is inserted in the same transaction, and a
// relay publishes it afterwards, at least once — through a broker outage or a crash of the process.
import type { SqlClient } from "@tickergraph/db";
import { quoteIdent } from "@tickergraph/db";
import type { Logger } from "@tickergraph/telemetry";
import { WakeablePoller } from "@tickergraph/timers";
import type { EventBus } from "./bus.js";
import type { DomainEvents } from "./catalogue.js";
import type { EnvelopeOf, EventMap } from "./envelope.js";

/** The part of a Prisma (transaction) client the outbox needs. */
export interface RawExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/** Inserts events into the outbox with `tx`, so they commit or roll back with the business write. */
export async function enqueueEvents<M extends EventMap = DomainEvents>(
  tx: RawExecutor,
  platformSchema: string,
  events: ReadonlyArray<EnvelopeOf<M>>,
): Promise<void> {
  if (events.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO ${quoteIdent(platformSchema)}."outbox_event" (id, type, key, envelope)
     SELECT (e->>'id')::uuid, e->>'type', e->>'key', e FROM jsonb_array_elements($1::jsonb) AS e`,
    JSON.stringify(events),
  );
}

export interface OutboxRelayOptions<M extends EventMap = DomainEvents> {
  sql: SqlClient;
  platformSchema: string;
  bus: EventBus<M>;
  logger: Logger;
  pollMs: number;
  batchSize?: number;
}

/**
 * Moves outbox rows to the bus. Each round takes a batch in `seq` order, publishes it and deletes it in one
 * transaction: if publishing fails the transaction rolls back and the rows stay for the next round.
 * Every instance of a service runs a relay, but a transaction-scoped advisory lock lets only one relay work at a
 * time: two relays publishing neighbouring rows concurrently could reorder the events of one key.
 */
export class OutboxRelay<M extends EventMap = DomainEvents> {
  private readonly batchSize: number;
  private readonly poller: WakeablePoller;

  constructor(private readonly options: OutboxRelayOptions<M>) {
    this.batchSize = options.batchSize ?? 1000;
    this.poller = new WakeablePoller({
      round: async (stopped) => {
        while (!stopped() && (await this.relayBatch()) === this.batchSize) {
          // a full batch: there may be more right away
        }
      },
      onError: (error, failures) =>
        options.logger.warn({ err: error, failures }, "outbox relay could not publish; will retry"),
      // Back off while the bus is failing, up to 5 s, so an outage does not spin.
      delayMs: (failures) => (failures === 0 ? options.pollMs : Math.min(5000, options.pollMs * 2 ** failures)),
    });
  }

  start(): void {
    this.poller.start();
  }

  /** Relays now instead of at the next poll (called after a commit that enqueued events). */
  wake(): void {
    this.poller.wake();
  }

  /** Relays everything pending now (tests flush with it). stop() does not drain: rows left are relayed on the next start. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.relayBatch();
      total += moved;
      if (moved < this.batchSize) return total;
    }
  }

  async stop(): Promise<void> {
    await this.poller.stop();
  }

  async pending(): Promise<number> {
    const rows = await this.options.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${quoteIdent(this.options.platformSchema)}."outbox_event"`,
    );
    return rows[0]?.n ?? 0;
  }

  private relayBatch(): Promise<number> {
    const table = `${quoteIdent(this.options.platformSchema)}."outbox_event"`;
    return this.options.sql.transaction(async (tx) => {
      const [lock] = await tx.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked", [
        `tickergraph-outbox:${this.options.platformSchema}`,
      ]);
      // Another instance is relaying; it will get these rows too.
      if (!lock?.locked) return 0;
      const rows = await tx.query<{ seq: string; envelope: EnvelopeOf<M> }>(
        `SELECT seq, envelope FROM ${table} ORDER BY seq LIMIT $1`,
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      await this.options.bus.publish(rows.map((row) => row.envelope));
      await tx.query(`DELETE FROM ${table} WHERE seq = ANY($1::bigint[])`, [rows.map((row) => row.seq)]);
      return rows.length;
    });
  }
}

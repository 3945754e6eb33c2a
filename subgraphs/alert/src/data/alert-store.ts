// Alerts in Postgres. Every state change writes its event to the outbox in the same transaction; firing is a
// conditional update from ACTIVE, so an alert fires once however many evaluators see the tick.
import { randomUUID } from "node:crypto";
import { BadUserInputError, NotFoundError } from "@tickergraph/errors";
import type { OutboxRelay } from "@tickergraph/events";
import { createEvent, enqueueEvents } from "@tickergraph/events";
import { quoteIdent } from "@tickergraph/db";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { ALERT_CANCELLED, ALERT_CREATED, ALERT_TRIGGERED } from "@tickergraph/events";
import type { AlertToIndex } from "../evaluator/alert-index.js";
import type { AlertView } from "./alert-view.js";
import { alertView } from "./alert-view.js";

export const MAX_ACTIVE_ALERTS_PER_USER = 100;

/** An alert to fire, with the tick that crossed it. */
export interface Firing {
  id: string;
  price: number;
  /** ISO-8601 time of the tick. */
  at: string;
}

// Concurrent creations by one user queue on an advisory lock inside the transaction; Prisma's 5 s default would
// abort the queued ones as internal errors on a busy machine.
const CREATE_TRANSACTION_LIMITS = { maxWait: 30_000, timeout: 30_000 };

export class AlertStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly schema: string,
    private readonly platformSchema: string,
    private readonly relay: OutboxRelay,
  ) {}

  async create(
    userId: string,
    input: { symbol: string; direction: "ABOVE" | "BELOW"; threshold: number },
  ): Promise<AlertView> {
    const view = await this.prisma.$transaction(async (tx) => {
      // Serialises one user's creations, so two concurrent requests cannot both pass the limit check.
      await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(hashtext($1))", `alert-limit:${userId}`);
      const active = await tx.alert.count({ where: { userId, status: "ACTIVE" } });
      if (active >= MAX_ACTIVE_ALERTS_PER_USER) {
        throw new BadUserInputError(
          `At most ${MAX_ACTIVE_ALERTS_PER_USER} active alerts per user; cancel one first`,
          "input",
        );
      }
      const row = await tx.alert.create({ data: { id: randomUUID(), userId, ...input } });
      const created = alertView(row);
      await enqueueEvents(tx, this.platformSchema, [createEvent(ALERT_CREATED, created)]);
      return created;
    }, CREATE_TRANSACTION_LIMITS);
    this.relay.wake();
    return view;
  }

  async cancel(userId: string, id: string): Promise<AlertView> {
    const view = await this.prisma.$transaction(async (tx) => {
      const row = await tx.alert.findUnique({ where: { id } });
      if (!row || row.userId !== userId) throw new NotFoundError(`No alert ${id}`);
      const updated = await tx.alert.updateMany({ where: { id, status: "ACTIVE" }, data: { status: "CANCELLED" } });
      if (updated.count === 0)
        throw new BadUserInputError(`Alert ${id} is ${row.status.toLowerCase()}, not active`, "id");
      const cancelled = alertView({ ...row, status: "CANCELLED" });
      await enqueueEvents(tx, this.platformSchema, [createEvent(ALERT_CANCELLED, cancelled)]);
      return cancelled;
    });
    this.relay.wake();
    return view;
  }

  async ofUser(userId: string, status?: string | null): Promise<AlertView[]> {
    const rows = await this.prisma.alert.findMany({
      where: { userId, ...(status ? { status } : {}) },
      orderBy: { createdAt: "desc" },
      take: 500,
    });
    return rows.map(alertView);
  }

  async byIds(ids: readonly string[]): Promise<Array<AlertView | null>> {
    const rows = await this.prisma.alert.findMany({ where: { id: { in: [...ids] } } });
    const byId = new Map(rows.map((r) => [r.id, alertView(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Every ACTIVE alert, with only what the evaluator's index needs (it may be millions of rows). */
  async active(): Promise<AlertToIndex[]> {
    const rows = await this.prisma.alert.findMany({
      where: { status: "ACTIVE" },
      select: { id: true, userId: true, symbol: true, direction: true, threshold: true },
    });
    return rows as AlertToIndex[];
  }

  /**
   * Fires alerts, each at the price and time of the tick that crossed it: only those still ACTIVE change (one
   * statement for the whole batch), and each that did gets its `alert.triggered` event in the same transaction.
   * Returns the alerts this call fired; one fired already (by another evaluator, or before a redelivery) is not.
   */
  async fire(firings: readonly Firing[]): Promise<AlertView[]> {
    if (firings.length === 0) return [];
    const table = `${quoteIdent(this.schema)}."alert"`;
    const fired = await this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRawUnsafe<Array<Record<string, unknown>>>(
        // Rows are locked in id order first: two evaluators firing overlapping batches then queue behind each
        // other instead of deadlocking; the one that waited re-checks `status` and skips what the other fired.
        `WITH f AS (SELECT * FROM unnest($1::uuid[], $2::float8[], $3::timestamptz[]) AS f(id, price, at)),
              locked AS MATERIALIZED (
                SELECT a.id FROM ${table} AS a JOIN f ON a.id = f.id WHERE a.status = 'ACTIVE' ORDER BY a.id FOR UPDATE OF a
              )
         UPDATE ${table} AS a SET status = 'TRIGGERED', triggered_at = f.at, triggered_price = f.price
           FROM f JOIN locked ON locked.id = f.id
          WHERE a.id = f.id AND a.status = 'ACTIVE'
          RETURNING a.id, a.user_id, a.symbol, a.direction, a.threshold, a.status, a.created_at, a.triggered_at, a.triggered_price`,
        firings.map((f) => f.id),
        firings.map((f) => f.price),
        firings.map((f) => f.at),
      );
      const views = rows.map((r) =>
        alertView({
          id: r.id as string,
          userId: r.user_id as string,
          symbol: r.symbol as string,
          direction: r.direction as string,
          threshold: Number(r.threshold),
          status: r.status as string,
          createdAt: new Date(r.created_at as string),
          triggeredAt: new Date(r.triggered_at as string),
          triggeredPrice: Number(r.triggered_price),
        }),
      );
      await enqueueEvents(
        tx,
        this.platformSchema,
        views.map((v) => createEvent(ALERT_TRIGGERED, v)),
      );
      return views;
    });
    if (fired.length > 0) this.relay.wake();
    return fired;
  }
}

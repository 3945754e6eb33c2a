// The wallet: spending per user and per instrument, maintained from market.purchase.recorded exactly once (the
// event id is recorded in the same transaction as the sums). The same transaction keeps what recommendations
// learn from purchases: who bought which pairs of instruments, and purchases per instrument per day.
import { quoteIdent } from "@tickergraph/db";
import type { EventEnvelope } from "@tickergraph/events";
import { handleOnce } from "@tickergraph/events";
import type { Logger } from "@tickergraph/telemetry";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { PurchaseRecorded } from "@tickergraph/events";
import type { BalanceCache } from "./balance-cache.js";

export const SPENDING_CONSUMER = "analytics.spending";

export interface SymbolSpendingView {
  symbol: string;
  quantity: number;
  total: number;
}

export interface SpendingView {
  userId: string;
  total: number;
  purchases: number;
  bySymbol: SymbolSpendingView[];
  updatedAt: Date | null;
}

/** Money sums are kept in cents' precision, as purchases are. */
const cents = (amount: number) => Math.round(amount * 100) / 100;

export class SpendingStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly schema: string,
    private readonly platformSchema: string,
    private readonly cache: BalanceCache,
    private readonly logger: Logger,
  ) {}

  /** Applies one purchase unless it was applied before; returns whether it was. */
  async apply(event: EventEnvelope<PurchaseRecorded>): Promise<boolean> {
    const { userId, symbol, quantity, total, at } = event.payload;
    const schema = quoteIdent(this.schema);
    let newTotal = 0;
    const applied = await handleOnce(this.prisma, this.platformSchema, SPENDING_CONSUMER, event.id, async (tx) => {
      const [wallet] = await tx.$queryRawUnsafe<Array<{ total: number }>>(
        `INSERT INTO ${schema}."spending_total" (user_id, total, purchases, updated_at) VALUES ($1::uuid, $2, 1, $3::timestamptz)
         ON CONFLICT (user_id) DO UPDATE SET total = round((${schema}."spending_total".total + EXCLUDED.total)::numeric, 2)::float8,
           purchases = ${schema}."spending_total".purchases + 1, updated_at = greatest(${schema}."spending_total".updated_at, EXCLUDED.updated_at)
         RETURNING total`,
        userId,
        cents(total),
        at,
      );
      newTotal = Number(wallet!.total);
      const [holding] = await tx.$queryRawUnsafe<Array<{ first: boolean }>>(
        `INSERT INTO ${schema}."spending_by_symbol" (user_id, symbol, quantity, total) VALUES ($1::uuid, $2, $3, $4)
         ON CONFLICT (user_id, symbol) DO UPDATE SET quantity = ${schema}."spending_by_symbol".quantity + EXCLUDED.quantity,
           total = round((${schema}."spending_by_symbol".total + EXCLUDED.total)::numeric, 2)::float8
         RETURNING (xmax = 0) AS first`,
        userId,
        symbol,
        quantity,
        cents(total),
      );
      // A user's first purchase of `symbol` makes them a buyer of every pair with what they held before.
      if (holding!.first) {
        await tx.$executeRawUnsafe(
          `INSERT INTO ${schema}."co_purchase" (symbol, other_symbol, buyers)
           SELECT p.a, p.b, 1 FROM ${schema}."spending_by_symbol" AS h,
                  LATERAL (VALUES (h.symbol, $2), ($2, h.symbol)) AS p(a, b)
            WHERE h.user_id = $1::uuid AND h.symbol <> $2
           ON CONFLICT (symbol, other_symbol) DO UPDATE SET buyers = ${schema}."co_purchase".buyers + 1`,
          userId,
          symbol,
        );
      }
      await tx.$executeRawUnsafe(
        `INSERT INTO ${schema}."purchase_day" (symbol, day, purchases) VALUES ($1, ($2::timestamptz AT TIME ZONE 'UTC')::date, 1)
         ON CONFLICT (symbol, day) DO UPDATE SET purchases = ${schema}."purchase_day".purchases + 1`,
        symbol,
        at,
      );
    });
    if (applied) {
      await this.cache.set(userId, newTotal).catch((error: unknown) =>
        // Redis is down: readers fall back to Postgres; a key left behind is stale at most until its TTL.
        this.logger.warn({ err: error, userId }, "balance cache not updated"),
      );
    }
    return applied;
  }

  async view(userId: string): Promise<SpendingView> {
    // One statement, so the total and the per-symbol rows come from the same snapshot.
    const schema = quoteIdent(this.schema);
    const rows = await this.prisma.$queryRawUnsafe<
      Array<{
        total: number;
        purchases: number;
        updated_at: Date;
        symbol: string | null;
        quantity: number | null;
        symbol_total: number | null;
      }>
    >(
      `SELECT t.total, t.purchases, t.updated_at, s.symbol, s.quantity, s.total AS symbol_total
         FROM ${schema}."spending_total" AS t LEFT JOIN ${schema}."spending_by_symbol" AS s USING (user_id)
        WHERE t.user_id = $1::uuid
        ORDER BY s.total DESC, s.symbol`,
      userId,
    );
    const wallet = rows[0];
    return {
      userId,
      total: wallet ? Number(wallet.total) : 0,
      purchases: wallet ? Number(wallet.purchases) : 0,
      bySymbol: rows
        .filter((r) => r.symbol !== null)
        .map((r) => ({ symbol: r.symbol!, quantity: Number(r.quantity), total: Number(r.symbol_total) })),
      updatedAt: wallet ? new Date(wallet.updated_at) : null,
    };
  }

  /** The running total: from the cache, else from Postgres (and the cache is filled again). */
  async total(userId: string): Promise<number> {
    const cached = await this.cache.get(userId).catch(() => null);
    if (cached !== null) return cached;
    const wallet = await this.prisma.spendingTotal.findUnique({ where: { userId }, select: { total: true } });
    const total = wallet?.total ?? 0;
    if (wallet) await this.cache.fill(userId, total).catch(() => undefined);
    return total;
  }

  /** Symbols the user holds (has bought). */
  async holdings(userId: string): Promise<string[]> {
    const rows = await this.prisma.spendingBySymbol.findMany({ where: { userId }, select: { symbol: true } });
    return rows.map((r) => r.symbol);
  }
}

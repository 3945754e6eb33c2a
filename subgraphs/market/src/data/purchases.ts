// Purchases: stored with their `market.purchase.recorded` event in one transaction (outbox).
import { randomUUID } from "node:crypto";
import { BadUserInputError } from "@tickergraph/errors";
import type { OutboxRelay } from "@tickergraph/events";
import { createEvent, enqueueEvents } from "@tickergraph/events";
import type { PrismaClient, Purchase } from "../../generated/prisma/client.js";
import type { PurchaseRecorded } from "@tickergraph/events";
import { PURCHASE_RECORDED } from "@tickergraph/events";

export const MAX_QUANTITY = 1_000_000_000;
/** Fractional units down to a millionth (crypto); below that a quantity is noise such as 5e-324. */
export const MIN_QUANTITY = 0.000001;

/** quantity must be a finite number in [MIN_QUANTITY, MAX_QUANTITY]. */
export function validateQuantity(quantity: number): number {
  if (!Number.isFinite(quantity) || quantity <= 0)
    throw new BadUserInputError("quantity must be a positive, finite number", "quantity");
  if (quantity < MIN_QUANTITY) throw new BadUserInputError(`quantity must be at least ${MIN_QUANTITY}`, "quantity");
  if (quantity > MAX_QUANTITY) throw new BadUserInputError(`quantity must be at most ${MAX_QUANTITY}`, "quantity");
  return quantity;
}

/** The total in cents-rounded currency; a purchase whose total rounds to zero is refused rather than recorded as 0. */
export function purchaseTotal(quantity: number, price: number): number {
  const total = Math.round(quantity * price * 100) / 100;
  if (total <= 0) throw new BadUserInputError("quantity is too small: the total rounds to zero", "quantity");
  return total;
}

export class PurchaseStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly platformSchema: string,
    private readonly relay: OutboxRelay,
  ) {}

  async record(userId: string, symbol: string, quantity: number, price: number): Promise<Purchase> {
    const purchase = await this.prisma.$transaction(async (tx) => {
      const row = await tx.purchase.create({
        data: { id: randomUUID(), userId, symbol, quantity, price, total: purchaseTotal(quantity, price) },
      });
      const payload: PurchaseRecorded = {
        purchaseId: row.id,
        userId,
        symbol,
        quantity,
        price,
        total: row.total,
        at: row.at.toISOString(),
      };
      await enqueueEvents(tx, this.platformSchema, [createEvent(PURCHASE_RECORDED, payload)]);
      return row;
    });
    this.relay.wake();
    return purchase;
  }

  ofUser(userId: string, limit = 100): Promise<Purchase[]> {
    return this.prisma.purchase.findMany({ where: { userId }, orderBy: { at: "desc" }, take: limit });
  }
}

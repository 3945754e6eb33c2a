// Purchases: stored with their `market.purchase.recorded` event in one transaction (outbox).
import { randomUUID } from "node:crypto";
import { BadUserInputError } from "@tickergraph/errors";
import { createEvent, enqueueEvents, type OutboxRelay } from "@tickergraph/events";
import type { PrismaClient, Purchase } from "../../generated/prisma/client.js";
import { PURCHASE_RECORDED, type PurchaseRecorded } from "../events/event-types.js";

export const MAX_QUANTITY = 1_000_000_000;

/** quantity must be a finite number in (0, MAX_QUANTITY]. */
export function validateQuantity(quantity: number): number {
  if (!Number.isFinite(quantity) || quantity <= 0) throw new BadUserInputError("quantity must be a positive, finite number", "quantity");
  if (quantity > MAX_QUANTITY) throw new BadUserInputError(`quantity must be at most ${MAX_QUANTITY}`, "quantity");
  return quantity;
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
        data: { id: randomUUID(), userId, symbol, quantity, price, total: Math.round(quantity * price * 100) / 100 },
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
      await enqueueEvents(tx, this.platformSchema, [createEvent(PURCHASE_RECORDED, userId, payload)]);
      return row;
    });
    this.relay.wake();
    return purchase;
  }

  ofUser(userId: string, limit = 100): Promise<Purchase[]> {
    return this.prisma.purchase.findMany({ where: { userId }, orderBy: { at: "desc" }, take: limit });
  }
}

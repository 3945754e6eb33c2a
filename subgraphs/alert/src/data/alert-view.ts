// An alert as resolvers, events and the subscription see it (dates as ISO strings, so it survives JSON).
import type { AlertChanged } from "@tickergraph/events";
import type { Alert } from "../../generated/prisma/client.js";

/** Exactly what the alert events carry (the catalogue's payload), so a view can be published as it is. */
export type AlertView = AlertChanged;

export interface QuoteReference {
  symbol: string;
}

export function alertView(row: Alert): AlertView {
  return {
    id: row.id,
    userId: row.userId,
    symbol: row.symbol,
    direction: row.direction as AlertView["direction"],
    threshold: row.threshold,
    status: row.status as AlertView["status"],
    createdAt: row.createdAt.toISOString(),
    triggeredAt: row.triggeredAt?.toISOString() ?? null,
    triggeredPrice: row.triggeredPrice,
  };
}

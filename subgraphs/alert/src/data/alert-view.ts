// An alert as resolvers, events and the subscription see it (dates as ISO strings, so it survives JSON).
import type { Alert } from "../../generated/prisma/client.js";

export interface AlertView {
  id: string;
  userId: string;
  symbol: string;
  direction: "ABOVE" | "BELOW";
  threshold: number;
  status: "ACTIVE" | "TRIGGERED" | "CANCELLED";
  createdAt: string;
  triggeredAt: string | null;
  triggeredPrice: number | null;
}

export interface QuoteReference {
  symbol: string;
}

export interface UserReference {
  id: string;
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

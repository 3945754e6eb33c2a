// The alert subgraph's events (version 1); each payload is the alert as it is after the fact.
import type { AlertView } from "../data/alert-view.js";

export const ALERT_CREATED = "alert.created";
export const ALERT_CANCELLED = "alert.cancelled";
export const ALERT_TRIGGERED = "alert.triggered";
/** Consumed from the market subgraph. */
export const PRICE_TICKED = "market.price.ticked";

export type AlertEvent = AlertView;

export interface PriceTicked {
  symbol: string;
  price: number;
  at: string;
  producedAt: number;
}

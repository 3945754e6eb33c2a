// The market subgraph's events (version 1) and the hub channel quotes are published on.
export const PRICE_TICKED = "market.price.ticked";
export const PURCHASE_RECORDED = "market.purchase.recorded";
/** Hub channel prefix for computed quotes: `market.quote.updated:<SYMBOL>`. */
export const QUOTE_UPDATED = "market.quote.updated";

export interface PriceTicked {
  symbol: string;
  price: number;
  at: string;
  /** Epoch ms when the generator produced the tick, for end-to-end latency measurements. */
  producedAt: number;
}

export interface PurchaseRecorded {
  purchaseId: string;
  userId: string;
  symbol: string;
  quantity: number;
  price: number;
  total: number;
  at: string;
}

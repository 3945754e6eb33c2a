// The events the analytics subgraph consumes (version 1 payloads, as their owners publish them).
export const SHARE_VALUE_CHANGED = "user.share-value.changed";
export const SNAPSHOT_SAVED = "user.snapshot.saved";
export const PURCHASE_RECORDED = "market.purchase.recorded";
export const ALERT_CREATED = "alert.created";
export const ALERT_CANCELLED = "alert.cancelled";
export const ALERT_TRIGGERED = "alert.triggered";

export interface ShareValueChanged {
  userId: string;
  value: number;
  previousValue: number;
  changedAt: string;
}

export interface SnapshotSaved {
  snapshotId: string;
  userId: string;
  value: number;
  takenAt: string;
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

/** alert.created / alert.cancelled / alert.triggered carry the alert as it is after the fact. */
export interface AlertChanged {
  id: string;
  userId: string;
  symbol: string;
  status: "ACTIVE" | "TRIGGERED" | "CANCELLED";
}

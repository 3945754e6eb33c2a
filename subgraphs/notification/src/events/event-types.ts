// Events the notification subgraph consumes (payloads as their producers define them, version 1) and produces.
import type { DeliveryChannel, NotificationView } from "../data/views.js";

export const ALERT_TRIGGERED = "alert.triggered";
export const USER_REGISTERED = "user.registered";
export const SNAPSHOT_SAVED = "user.snapshot.saved";
export const PURCHASE_RECORDED = "market.purchase.recorded";

/** Ours: a notification entered an inbox (bridged to its owner's channel for `notificationReceived`). */
export const NOTIFICATION_CREATED = "notification.created";
/** Ours: delivery outcomes, for anyone who audits or measures delivery. */
export const DELIVERY_SENT = "notification.delivery.sent";
export const DELIVERY_DEAD = "notification.delivery.dead";

export interface AlertTriggered {
  id: string;
  userId: string;
  symbol: string;
  direction: "ABOVE" | "BELOW";
  threshold: number;
  triggeredPrice: number | null;
  triggeredAt: string | null;
}

export interface UserRegistered {
  userId: string;
  /** Added for us; an event from before that carries none (no email is then sent). */
  email?: string;
  displayName: string;
  shareValue: number;
  createdAt: string;
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

export type NotificationCreated = NotificationView;

export interface DeliveryOutcome {
  deliveryId: string;
  notificationId: string | null;
  userId: string | null;
  channel: DeliveryChannel;
  attempts: number;
  lastError: string | null;
}

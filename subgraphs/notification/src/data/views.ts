// Shapes resolvers, events and the gRPC service pass around (dates as ISO strings, so they survive JSON).
import type { DeliveryChannel, NotificationCreated, NotificationKind } from "@tickergraph/events";

export type { DeliveryChannel, NotificationKind };
export type Channel = "IN_APP" | DeliveryChannel;
export type DeliveryStatus = "PENDING" | "SENDING" | "SENT" | "DEAD";

export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  "ALERT_TRIGGERED",
  "WELCOME",
  "SNAPSHOT_SAVED",
  "PURCHASE",
  "PROMOTION",
  "SYSTEM",
];
export const CHANNELS: readonly Channel[] = ["IN_APP", "EMAIL", "SMS"];

/** A notification as the inbox shows it: exactly what `notification.created` carries. */
export type NotificationView = NotificationCreated;

export interface DeliveryView {
  id: string;
  notificationId: string | null;
  userId: string | null;
  channel: DeliveryChannel;
  status: DeliveryStatus;
  /** null: an email waiting for the user's address (their user.registered has not arrived yet). */
  recipient: string | null;
  subject: string;
  body: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  sentAt: string | null;
  deadAt: string | null;
}

export interface PreferencesView {
  phoneNumber: string | null;
  kinds: Array<{ kind: NotificationKind; channels: Channel[] }>;
}

export function notificationView(row: {
  id: string;
  userId: string;
  kind: string;
  title: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
}): NotificationView {
  return {
    id: row.id,
    userId: row.userId,
    kind: row.kind as NotificationKind,
    title: row.title,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

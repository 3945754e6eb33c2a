// The catalogue of domain events: for every event type (= topic in topics.json, before the configured prefix) its
// payload shape (version 1) and the key that picks its partition. Producers and consumers in every subgraph import
// these; the bus is typed by `DomainEvents`, so a handler only ever sees the payloads of the types it subscribed to.
import type { EnvelopeOf } from "./envelope.js";
import { envelope } from "./envelope.js";

export const USER_REGISTERED = "user.registered";
export const SHARE_VALUE_CHANGED = "user.share-value.changed";
export const SNAPSHOT_REQUESTED = "user.snapshot.requested";
export const SNAPSHOT_SAVED = "user.snapshot.saved";
export const PRICE_TICKED = "market.price.ticked";
export const PURCHASE_RECORDED = "market.purchase.recorded";
export const ALERT_CREATED = "alert.created";
export const ALERT_CANCELLED = "alert.cancelled";
export const ALERT_TRIGGERED = "alert.triggered";
export const NOTIFICATION_CREATED = "notification.created";
export const DELIVERY_SENT = "notification.delivery.sent";
export const DELIVERY_DEAD = "notification.delivery.dead";

export interface UserRegistered {
  userId: string;
  /** For services that write to the user (notification emails); the feed's clients never see it. Events from
   *  before it was added carry none. */
  email?: string;
  displayName: string;
  shareValue: number;
  createdAt: string;
}

export interface ShareValueChanged {
  userId: string;
  value: number;
  previousValue: number;
  changedAt: string;
}

/** A snapshot of a user's share value: requested by the mutation, saved by the snapshot writer. */
export interface Snapshot {
  snapshotId: string;
  userId: string;
  value: number;
  takenAt: string;
}

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

/** alert.created / alert.cancelled / alert.triggered carry the alert as it is after the fact. */
export interface AlertChanged {
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

export type NotificationKind = "ALERT_TRIGGERED" | "WELCOME" | "SNAPSHOT_SAVED" | "PURCHASE" | "PROMOTION" | "SYSTEM";
/** The channels a delivery job can have (IN_APP is the inbox row itself, never delivered). */
export type DeliveryChannel = "EMAIL" | "SMS";

/** A notification as it entered an inbox (bridged to its owner's channel for `notificationReceived`). */
export interface NotificationCreated {
  id: string;
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

/** A delivery's final outcome (sent or dead), for anyone who audits or measures delivery. */
export interface DeliveryOutcome {
  deliveryId: string;
  notificationId: string | null;
  userId: string | null;
  channel: DeliveryChannel;
  attempts: number;
  lastError: string | null;
}

/** Event type → payload; the type parameter of the bus (as Hive's `PubSub<TopicDataMap>`). */
export interface DomainEvents {
  [USER_REGISTERED]: UserRegistered;
  [SHARE_VALUE_CHANGED]: ShareValueChanged;
  [SNAPSHOT_REQUESTED]: Snapshot;
  [SNAPSHOT_SAVED]: Snapshot;
  [PRICE_TICKED]: PriceTicked;
  [PURCHASE_RECORDED]: PurchaseRecorded;
  [ALERT_CREATED]: AlertChanged;
  [ALERT_CANCELLED]: AlertChanged;
  [ALERT_TRIGGERED]: AlertChanged;
  [NOTIFICATION_CREATED]: NotificationCreated;
  [DELIVERY_SENT]: DeliveryOutcome;
  [DELIVERY_DEAD]: DeliveryOutcome;
}

export type DomainEventType = keyof DomainEvents;

/** The envelope of one domain event type; for a union of types, the union of their envelopes (so `switch (e.type)`
 *  narrows the payload). */
export type DomainEvent<T extends DomainEventType = DomainEventType> = EnvelopeOf<DomainEvents, T>;

/**
 * The partition key of each type: events of one key stay in order. Alerts are created and cancelled per symbol (the
 * evaluator's index must see them in order with that symbol's ticks) but fire per user (one user's feed in order).
 * The share ticker writes `user.share-value.changed` in SQL with the same key (tested against this entry).
 */
export const EVENT_KEYS: { readonly [T in DomainEventType]: (payload: DomainEvents[T]) => string } = {
  [USER_REGISTERED]: (p) => p.userId,
  [SHARE_VALUE_CHANGED]: (p) => p.userId,
  [SNAPSHOT_REQUESTED]: (p) => p.userId,
  [SNAPSHOT_SAVED]: (p) => p.userId,
  [PRICE_TICKED]: (p) => p.symbol,
  [PURCHASE_RECORDED]: (p) => p.userId,
  [ALERT_CREATED]: (p) => p.symbol,
  [ALERT_CANCELLED]: (p) => p.symbol,
  [ALERT_TRIGGERED]: (p) => p.userId,
  [NOTIFICATION_CREATED]: (p) => p.userId,
  // A delivery to an address no user owns (a broadcast) has one outcome only: its own id is key enough.
  [DELIVERY_SENT]: (p) => p.userId ?? p.deliveryId,
  [DELIVERY_DEAD]: (p) => p.userId ?? p.deliveryId,
};

export const DOMAIN_EVENT_TYPES = Object.keys(EVENT_KEYS) as DomainEventType[];

/** A new domain event of `type`, keyed as the catalogue says. */
export function createEvent<T extends DomainEventType>(type: T, payload: DomainEvents[T]): DomainEvent<T> {
  const keyOf = EVENT_KEYS[type] as (payload: DomainEvents[T]) => string;
  return envelope(type, keyOf(payload), payload) as DomainEvent<T>;
}

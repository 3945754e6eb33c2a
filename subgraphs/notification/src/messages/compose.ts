// What each consumed event says to its user: pure functions from payload to kind, title and body.
import type { NotificationKind } from "../data/views.js";
import type { AlertChanged, PurchaseRecorded, Snapshot, UserRegistered } from "@tickergraph/events";

export interface Message {
  kind: NotificationKind;
  title: string;
  body: string;
}

const money = (n: number) => n.toFixed(2);

/** "AAPL rose above 250.00: 251.31" */
export function alertMessage(alert: AlertChanged): Message {
  const moved = alert.direction === "ABOVE" ? "rose above" : "fell below";
  const price = alert.triggeredPrice === null ? "" : `: ${money(alert.triggeredPrice)}`;
  return {
    kind: "ALERT_TRIGGERED",
    title: `${alert.symbol} alert`,
    body: `${alert.symbol} ${moved} ${money(alert.threshold)}${price}`,
  };
}

export function welcomeMessage(user: UserRegistered): Message {
  return {
    kind: "WELCOME",
    title: `Welcome to Tickergraph, ${user.displayName}`,
    body: `Your account is ready. Your share value starts at ${money(user.shareValue)}; set price alerts to hear when markets move.`,
  };
}

export function snapshotMessage(snapshot: Snapshot): Message {
  return {
    kind: "SNAPSHOT_SAVED",
    title: "Snapshot saved",
    body: `Your share value of ${money(snapshot.value)} was saved at ${snapshot.takenAt}.`,
  };
}

export function purchaseMessage(purchase: PurchaseRecorded): Message {
  return {
    kind: "PURCHASE",
    title: `Receipt: ${purchase.quantity} ${purchase.symbol}`,
    body: `You bought ${purchase.quantity} ${purchase.symbol} at ${money(purchase.price)} each, ${money(purchase.total)} in total.`,
  };
}

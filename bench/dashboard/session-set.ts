// The dashboard's live subscription set, as the signed-in web app opens it (web/src: the shell's market feed and
// alert banner and new-notification feed, the landing page's share value and snapshots). The documents are the
// typed client's own.
import { print } from "graphql";
import {
  AlertTriggeredDocument,
  NotificationReceivedDocument,
  PriceTicksDocument,
  ShareValueChangedDocument,
  SnapshotSavedDocument,
} from "@tickergraph/client";

export interface SessionSubscription {
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

/** `symbols`: every instrument, as the dashboard asks for them from `instruments` first. */
export function dashboardSubscriptions(symbols: readonly string[]): SessionSubscription[] {
  return [
    { name: "priceTick", query: print(PriceTicksDocument), variables: { symbols } },
    { name: "alertTriggered", query: print(AlertTriggeredDocument), variables: {} },
    { name: "notificationReceived", query: print(NotificationReceivedDocument), variables: {} },
    { name: "shareValueChanged", query: print(ShareValueChangedDocument), variables: {} },
    { name: "snapshotSaved", query: print(SnapshotSavedDocument), variables: {} },
  ];
}

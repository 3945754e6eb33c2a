// Long-lived services of the notification subgraph shared by every request.
import type DataLoader from "dataloader";
import type { SubscriptionHub } from "@tickergraph/pubsub";
import type { Broadcaster } from "./broadcast/broadcaster.js";
import type { Inbox } from "./data/inbox.js";
import type { Preferences } from "./data/preferences.js";
import type { NotificationView } from "./data/views.js";
import type { DeliveryQueue } from "./delivery/delivery-queue.js";
import type { Notifier } from "./notifier.js";

export interface NotificationServices {
  inbox: Inbox;
  preferences: Preferences;
  notifier: Notifier;
  queue: DeliveryQueue;
  hub: SubscriptionHub;
  broadcaster: Broadcaster;
  notificationLoader: DataLoader<string, NotificationView | null>;
}

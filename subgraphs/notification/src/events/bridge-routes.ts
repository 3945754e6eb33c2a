// notification.created goes to its owner's channel only.
import type { EventEnvelope } from "@tickergraph/events";
import type { BridgeRoutes } from "@tickergraph/pubsub";
import { userChannel } from "@tickergraph/pubsub";
import type { NotificationView } from "../data/views.js";
import { NOTIFICATION_CREATED } from "./event-types.js";

export const NOTIFICATION_BRIDGE_GROUP = "notification.subscription-bridge";

export const notificationBridgeRoutes: BridgeRoutes = {
  [NOTIFICATION_CREATED]: (event: EventEnvelope<NotificationView>) => [userChannel(event.type, event.payload.userId)],
};

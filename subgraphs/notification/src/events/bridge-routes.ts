// notification.created goes to its owner's channel only.
import type { BridgeRoutes } from "@tickergraph/pubsub";
import { userChannel } from "@tickergraph/pubsub";
import { NOTIFICATION_CREATED } from "@tickergraph/events";

export const NOTIFICATION_BRIDGE_GROUP = "notification.subscription-bridge";

export const notificationBridgeRoutes: BridgeRoutes = {
  [NOTIFICATION_CREATED]: (event) => [userChannel(event.type, event.payload.userId)],
};

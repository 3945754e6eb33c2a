// alert.triggered goes to its owner's channel only.
import type { BridgeRoutes } from "@tickergraph/pubsub";
import { userChannel } from "@tickergraph/pubsub";
import { ALERT_TRIGGERED } from "@tickergraph/events";

export const ALERT_BRIDGE_GROUP = "alert.subscription-bridge";

export const alertBridgeRoutes: BridgeRoutes = {
  [ALERT_TRIGGERED]: (event) => [userChannel(event.type, event.payload.userId)],
};

// alert.triggered goes to its owner's channel only.
import type { EventEnvelope } from "@tickergraph/events";
import type { BridgeRoutes } from "@tickergraph/pubsub";
import { userChannel } from "@tickergraph/pubsub";
import type { AlertView } from "../data/alert-view.js";
import { ALERT_TRIGGERED } from "./event-types.js";

export const ALERT_BRIDGE_GROUP = "alert.subscription-bridge";

export const alertBridgeRoutes: BridgeRoutes = {
  [ALERT_TRIGGERED]: (event: EventEnvelope<AlertView>) => [userChannel(event.type, event.payload.userId)],
};

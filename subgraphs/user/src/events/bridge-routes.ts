// Which subscription channel each of our events is republished on (see packages/pubsub/src/channels.ts).
import type { EventEnvelope } from "@tickergraph/events";
import type { BridgeRoutes } from "@tickergraph/pubsub";
import { publicChannel, userChannel } from "@tickergraph/pubsub";
import { SHARE_VALUE_CHANGED, SNAPSHOT_SAVED, USER_REGISTERED } from "./event-types.js";

const byUser = (event: EventEnvelope<{ userId: string }>) => [userChannel(event.type, event.payload.userId)];

export const USER_BRIDGE_GROUP = "user.subscription-bridge";

export const userBridgeRoutes: BridgeRoutes = {
  [USER_REGISTERED]: (event) => [publicChannel(event.type)],
  [SHARE_VALUE_CHANGED]: byUser,
  [SNAPSHOT_SAVED]: byUser,
};

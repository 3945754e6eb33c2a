// Which subscription channel each of our events is republished on (see packages/pubsub/src/channels.ts).
import type { DomainEvent } from "@tickergraph/events";
import type { BridgeRoutes } from "@tickergraph/pubsub";
import { publicChannel, userChannel } from "@tickergraph/pubsub";
import { SHARE_VALUE_CHANGED, SNAPSHOT_SAVED, USER_REGISTERED } from "@tickergraph/events";

const byUser = (event: DomainEvent<typeof SHARE_VALUE_CHANGED | typeof SNAPSHOT_SAVED>) => [
  userChannel(event.type, event.payload.userId),
];

export const USER_BRIDGE_GROUP = "user.subscription-bridge";

export const userBridgeRoutes: BridgeRoutes = {
  [USER_REGISTERED]: (event) => [publicChannel(event.type)],
  [SHARE_VALUE_CHANGED]: byUser,
  [SNAPSHOT_SAVED]: byUser,
};

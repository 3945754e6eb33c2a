// notificationReceived listens on the caller's own channel, fed by the bridge from `notification.created`.
import { requireIdentity } from "@tickergraph/auth";
import type { DomainEvent } from "@tickergraph/events";
import { listenDistinct, userChannel } from "@tickergraph/pubsub";
import type { SubscriptionResolvers } from "../../generated/graphql.js";
import { NOTIFICATION_CREATED } from "@tickergraph/events";

export const Subscription: SubscriptionResolvers = {
  notificationReceived: {
    subscribe: (_parent, _args, { identity, hub }) =>
      listenDistinct<DomainEvent<typeof NOTIFICATION_CREATED>>(
        hub,
        userChannel(NOTIFICATION_CREATED, requireIdentity(identity).userId),
      ),
    resolve: (event: DomainEvent<typeof NOTIFICATION_CREATED>) => event.payload,
  },
};

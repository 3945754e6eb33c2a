// notificationReceived listens on the caller's own channel, fed by the bridge from `notification.created`.
import { requireIdentity } from "@tickergraph/auth";
import type { EventEnvelope } from "@tickergraph/events";
import { listenDistinct, userChannel } from "@tickergraph/pubsub";
import type { SubscriptionResolvers } from "../../generated/graphql.js";
import type { NotificationView } from "../data/views.js";
import { NOTIFICATION_CREATED } from "../events/event-types.js";

export const Subscription: SubscriptionResolvers = {
  notificationReceived: {
    subscribe: (_parent, _args, { identity, hub }) =>
      listenDistinct<EventEnvelope<NotificationView>>(
        hub,
        userChannel(NOTIFICATION_CREATED, requireIdentity(identity).userId),
      ),
    resolve: (event: EventEnvelope<NotificationView>) => event.payload,
  },
};

// Subscription resolvers listen on hub channels fed by the Kafka bridge and drop redelivered event ids.
import { requireIdentity } from "@tickergraph/auth";
import type { DomainEvent } from "@tickergraph/events";
import { listenDistinct, publicChannel, userChannel } from "@tickergraph/pubsub";
import type { SubscriptionResolvers } from "../../generated/graphql.js";
import type { SubgraphContext } from "../context.js";
import { validateUserId } from "../data/registration-rules.js";
import type { ShareValueChangeView, SnapshotView } from "../data/views.js";
import { SHARE_VALUE_CHANGED, SNAPSHOT_SAVED, USER_REGISTERED } from "@tickergraph/events";

// graphql-ws builds one context per subscription, so its loader would otherwise serve every later event the rows
// cached for the first one (stale share values) and grow by one entry per event. Each event starts afresh.
function freshEvent(context: SubgraphContext): void {
  context.userLoader.clearAll();
}

export const Subscription: SubscriptionResolvers = {
  userRegistered: {
    subscribe: (_parent, _args, { hub }) =>
      listenDistinct<DomainEvent<typeof USER_REGISTERED>>(hub, publicChannel(USER_REGISTERED)),
    resolve: async (event: DomainEvent<typeof USER_REGISTERED>, _args: unknown, context: SubgraphContext) => {
      freshEvent(context);
      const user = await context.userLoader.load(event.payload.userId);
      if (!user) throw new Error(`registered user ${event.payload.userId} not found`);
      return user;
    },
  },
  shareValueChanged: {
    subscribe: (_parent, { userId }, { identity, hub }) => {
      const caller = requireIdentity(identity);
      const target = userId ? validateUserId(userId, "userId") : caller.userId;
      return listenDistinct<DomainEvent<typeof SHARE_VALUE_CHANGED>>(hub, userChannel(SHARE_VALUE_CHANGED, target));
    },
    resolve: (
      event: DomainEvent<typeof SHARE_VALUE_CHANGED>,
      _args: unknown,
      context: SubgraphContext,
    ): ShareValueChangeView => {
      freshEvent(context);
      return event.payload;
    },
  },
  snapshotSaved: {
    subscribe: (_parent, _args, { identity, hub }) =>
      listenDistinct<DomainEvent<typeof SNAPSHOT_SAVED>>(
        hub,
        userChannel(SNAPSHOT_SAVED, requireIdentity(identity).userId),
      ),
    resolve: (
      { payload }: DomainEvent<typeof SNAPSHOT_SAVED>,
      _args: unknown,
      context: SubgraphContext,
    ): SnapshotView => {
      freshEvent(context);
      return { id: payload.snapshotId, userId: payload.userId, value: payload.value, takenAt: payload.takenAt };
    },
  },
};

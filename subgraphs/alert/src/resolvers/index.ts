// Resolvers of the alert subgraph.
import { requireIdentity, requireOwner } from "@tickergraph/auth";
import { BadUserInputError, NotFoundError } from "@tickergraph/errors";
import type { DomainEvent } from "@tickergraph/events";
import { listenDistinct, userChannel } from "@tickergraph/pubsub";
import type { Resolvers } from "../../generated/graphql.js";
import { ALERT_TRIGGERED } from "@tickergraph/events";
import { isUuid } from "@tickergraph/contracts";
import { requireExistingUser } from "@tickergraph/service";

// Prices move in cents, down to a millionth for crypto; nothing trades at a billion per unit.
const MIN_THRESHOLD = 0.000001;
const MAX_THRESHOLD = 1_000_000_000;

function validateThreshold(threshold: number): void {
  if (!Number.isFinite(threshold) || threshold < MIN_THRESHOLD || threshold > MAX_THRESHOLD) {
    throw new BadUserInputError(
      `threshold must be a number between ${MIN_THRESHOLD} and ${MAX_THRESHOLD}`,
      "input.threshold",
    );
  }
}

export const resolvers: Resolvers = {
  Query: {
    myAlerts: (_parent, { status }, { identity, alerts }) => alerts.ofUser(requireIdentity(identity).userId, status),
  },
  Mutation: {
    createAlert: async (_parent, { input }, { identity, users, alerts, symbols, evaluator }) => {
      const { userId } = await requireExistingUser(identity, users);
      const symbol = symbols.require(input.symbol, "input.symbol");
      validateThreshold(input.threshold);
      const alert = await alerts.create(userId, { symbol, direction: input.direction, threshold: input.threshold });
      evaluator.track(alert);
      return alert;
    },
    cancelAlert: async (_parent, { id }, { identity, users, alerts, evaluator }) => {
      const { userId } = await requireExistingUser(identity, users);
      if (!isUuid(id)) throw new NotFoundError(`No alert ${id}`);
      const alert = await alerts.cancel(userId, id);
      evaluator.track(alert);
      return alert;
    },
  },
  Subscription: {
    alertTriggered: {
      subscribe: (_parent, _args, { identity, hub }) =>
        listenDistinct<DomainEvent<typeof ALERT_TRIGGERED>>(
          hub,
          userChannel(ALERT_TRIGGERED, requireIdentity(identity).userId),
        ),
      resolve: (event: DomainEvent<typeof ALERT_TRIGGERED>) => event.payload,
    },
  },
  Alert: {
    __resolveReference: async (reference, { identity, alertLoader }) => {
      const alert = await alertLoader.load(reference.id);
      if (alert) requireOwner(identity, alert.userId, "Alert");
      return alert;
    },
    quote: (alert) => ({ symbol: alert.symbol }),
    user: (alert) => ({ id: alert.userId }),
  },
  User: {
    __resolveReference: (reference) => ({ id: reference.id }),
    alerts: (user, { status }, { identity, alerts }) => {
      requireOwner(identity, user.id, "alerts");
      return alerts.ofUser(user.id, status);
    },
  },
};

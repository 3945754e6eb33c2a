import { requireAdmin, requireIdentity } from "@tickergraph/auth";
import { BadUserInputError } from "@tickergraph/errors";
import type { QueryResolvers } from "../../generated/graphql.js";

export const Query: QueryResolvers = {
  notifications: (_parent, args, { identity, inbox }) => inbox.page(requireIdentity(identity).userId, args),
  notificationPreferences: (_parent, _args, { identity, preferences }) =>
    preferences.of(requireIdentity(identity).userId),
  deadDeliveries: (_parent, { first }, { identity, queue }) => {
    requireAdmin(identity);
    const limit = first ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw new BadUserInputError("first must be between 1 and 500", "first");
    return queue.dead(limit);
  },
};

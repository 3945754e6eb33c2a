// The analytics fields of User (all owner only: anyone else gets FORBIDDEN) and of the types they return.
import { requireOwner } from "@tickergraph/auth";
import { BadUserInputError } from "@tickergraph/errors";
import type {
  RecommendationResolvers,
  ShareValueStatsResolvers,
  SnapshotStatsResolvers,
  SpendingResolvers,
  UserResolvers,
} from "../../generated/graphql.js";

export const MAX_RECOMMENDATIONS = 20;

const iso = (date: Date | null) => date?.toISOString() ?? null;

export const User: UserResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  shareStats: (user, { window }, { identity, shareStats }) => {
    requireOwner(identity, user.id, "shareStats");
    return shareStats.stats(user.id, window);
  },
  snapshotStats: (user, _args, { identity, snapshotStats }) => {
    requireOwner(identity, user.id, "snapshotStats");
    return snapshotStats.view(user.id);
  },
  spending: (user, _args, { identity, spending }) => {
    requireOwner(identity, user.id, "spending");
    return spending.view(user.id);
  },
  recommendations: (user, { first }, { identity, recommendations }) => {
    requireOwner(identity, user.id, "recommendations");
    const size = first ?? 5;
    if (!Number.isInteger(size) || size < 1 || size > MAX_RECOMMENDATIONS) {
      throw new BadUserInputError(`first must be between 1 and ${MAX_RECOMMENDATIONS}`, "first");
    }
    return recommendations.forUser(user.id, size);
  },
};

export const ShareValueStats: ShareValueStatsResolvers = {
  from: (stats) => iso(stats.from),
  to: (stats) => iso(stats.to),
};

export const SnapshotStats: SnapshotStatsResolvers = {
  lastTakenAt: (stats) => iso(stats.lastTakenAt),
};

export const Spending: SpendingResolvers = {
  updatedAt: (view) => iso(view.updatedAt),
};

export const Recommendation: RecommendationResolvers = {
  instrument: (recommendation) => ({ symbol: recommendation.symbol }),
};

// Field resolvers of the user subgraph's object types, including the federation entity reference.
import type { ShareValueChangeResolvers, SnapshotResolvers, UserResolvers } from "../../generated/graphql.js";
import { requireOwner } from "@tickergraph/auth";

export const User: UserResolvers = {
  __resolveReference: (reference, { userLoader }) => userLoader.load(reference.id),
  email: (user, _args, { identity }) => {
    requireOwner(identity, user.id, "email");
    return user.email;
  },
  snapshots: (user, { limit }, { identity, users }) => {
    requireOwner(identity, user.id, "snapshots");
    return users.snapshotsOf(user.id, Math.min(Math.max(limit ?? 50, 1), 500));
  },
  shareValueUpdatedAt: (user) => user.shareValueUpdatedAt.toISOString(),
  createdAt: (user) => user.createdAt.toISOString(),
};

export const Snapshot: SnapshotResolvers = {
  takenAt: (snapshot) => new Date(snapshot.takenAt).toISOString(),
  user: async (snapshot, _args, { userLoader }) => {
    const user = await userLoader.load(snapshot.userId);
    if (!user) throw new Error(`snapshot ${snapshot.id} belongs to a missing user`);
    return user;
  },
};

export const ShareValueChange: ShareValueChangeResolvers = {
  user: async (change, _args, { userLoader }) => {
    const user = await userLoader.load(change.userId);
    if (!user) throw new Error(`share value change of a missing user ${change.userId}`);
    return user;
  },
};

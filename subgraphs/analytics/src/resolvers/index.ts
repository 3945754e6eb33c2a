import type { Resolvers } from "../../generated/graphql.js";
import { Recommendation, ShareValueStats, SnapshotStats, Spending, User } from "./types.js";

export const resolvers: Resolvers = { User, ShareValueStats, SnapshotStats, Spending, Recommendation };

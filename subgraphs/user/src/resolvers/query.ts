import type { QueryResolvers } from "../../generated/graphql.js";
import { validateUserId } from "../data/registration-rules.js";

export const Query: QueryResolvers = {
  me: (_parent, _args, { identity, userLoader }) => (identity ? userLoader.load(identity.userId) : null),
  user: (_parent, { id }, { userLoader }) => userLoader.load(validateUserId(id)),
};

// Resolvers of the notification subgraph.
import type { Resolvers } from "../../generated/graphql.js";
import { Mutation } from "./mutation.js";
import { Query } from "./query.js";
import { Subscription } from "./subscription.js";
import { Delivery, Notification, User } from "./types.js";

export const resolvers: Resolvers = { Query, Mutation, Subscription, Notification, Delivery, User };

import type { Resolvers } from "../../generated/graphql.js";
import { Mutation } from "./mutation.js";
import { Query } from "./query.js";
import { Subscription } from "./subscription.js";
import { Candle, Instrument, Purchase, Quote, User } from "./types.js";

export const resolvers: Resolvers = { Query, Mutation, Subscription, Instrument, Quote, Purchase, Candle, User };

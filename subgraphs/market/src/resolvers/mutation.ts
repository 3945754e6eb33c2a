import { BadUserInputError } from "@tickergraph/errors";
import { requireExistingUser } from "@tickergraph/service";
import type { MutationResolvers } from "../../generated/graphql.js";
import { validateQuantity } from "../data/purchases.js";

export const Mutation: MutationResolvers = {
  buy: async (_parent, { symbol, quantity }, { identity, users, catalogue, quotes, purchases }) => {
    const { userId } = await requireExistingUser(identity, users);
    const [known] = catalogue.requireKnown([symbol], "symbol");
    validateQuantity(quantity);
    const [quote] = await quotes.latest([known!]);
    if (!quote) throw new BadUserInputError(`${known} has no price yet; try again in a second`, "symbol");
    return purchases.record(userId, known!, quantity, quote.price);
  },
};

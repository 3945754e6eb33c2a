import { requireIdentity } from "@tickergraph/auth";
import { BadUserInputError } from "@tickergraph/errors";
import type { QueryResolvers } from "../../generated/graphql.js";
import type { QuoteView } from "../data/quote-store.js";
import { HISTORY_LENGTH } from "../data/quote-store.js";

export const Query: QueryResolvers = {
  instruments: (_parent, { kind }, { catalogue }) => catalogue.all(kind),
  instrument: (_parent, { symbol }, { catalogue }) => catalogue.find(symbol),
  quote: async (_parent, { symbol }, { catalogue, quoteLoader }) => {
    const [known] = catalogue.requireKnown([symbol], "symbol");
    return quoteLoader.load(known!);
  },
  quotes: async (_parent, { symbols }, { catalogue, quoteLoader }) => {
    const known = catalogue.requireKnown(symbols, "symbols");
    const quotes = await quoteLoader.loadMany(known);
    // A symbol without a tick yet has no quote; the list holds those that exist, in the order asked.
    return quotes.filter((q): q is QuoteView => q !== null && !(q instanceof Error));
  },
  priceHistory: async (_parent, { symbol, limit }, { catalogue, quotes }) => {
    const [known] = catalogue.requireKnown([symbol], "symbol");
    const size = limit ?? 100;
    if (!Number.isInteger(size) || size < 1 || size > HISTORY_LENGTH) {
      throw new BadUserInputError(`limit must be between 1 and ${HISTORY_LENGTH}`, "limit");
    }
    return quotes.history(known!, size);
  },
  candles: async (_parent, { symbol, from, to }, { catalogue, candles }) => {
    const [known] = catalogue.requireKnown([symbol], "symbol");
    return candles.between(known!, String(from), String(to));
  },
  myPurchases: (_parent, _args, { identity, purchases }) => purchases.ofUser(requireIdentity(identity).userId),
};

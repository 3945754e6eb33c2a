// Field resolvers of the market's object types, with the federation entity references (batched).
import { requireOwner } from "@tickergraph/auth";
import type {
  InstrumentResolvers,
  PurchaseResolvers,
  QuoteResolvers,
  UserResolvers,
  CandleResolvers,
} from "../../generated/graphql.js";

async function instrumentOf(symbol: string, loader: { load(s: string): Promise<unknown> }) {
  const instrument = await loader.load(symbol);
  if (!instrument) throw new Error(`no instrument ${symbol}`);
  return instrument as never;
}

export const Instrument: InstrumentResolvers = {
  __resolveReference: (reference, { instrumentLoader }) => instrumentLoader.load(reference.symbol),
  quote: (instrument, _args, { quoteLoader }) => quoteLoader.load(instrument.symbol),
};

export const Quote: QuoteResolvers = {
  __resolveReference: (reference, { quoteLoader }) => quoteLoader.load(reference.symbol),
  instrument: (quote, _args, { instrumentLoader }) => instrumentOf(quote.symbol, instrumentLoader),
};

export const Purchase: PurchaseResolvers = {
  at: (purchase) => purchase.at.toISOString(),
  instrument: (purchase, _args, { instrumentLoader }) => instrumentOf(purchase.symbol, instrumentLoader),
};

export const Candle: CandleResolvers = {
  start: (candle) => candle.start.toISOString(),
};

export const User: UserResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  purchases: (user, _args, { identity, purchases }) => {
    requireOwner(identity, user.id, "purchases");
    return purchases.ofUser(user.id);
  },
};

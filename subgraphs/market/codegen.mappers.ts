// GraphQL type → the model its resolvers receive (codegen appends the `Model` suffix).
export const mappers = {
  Instrument: "../generated/prisma/client.js#Instrument",
  Purchase: "../generated/prisma/client.js#Purchase",
  Candle: "../generated/prisma/client.js#Candle",
  Quote: "../src/data/quote-store.js#QuoteView",
  PricePoint: "../src/data/quote-store.js#PricePointView",
  User: "@tickergraph/contracts#UserReference",
};

// A second subgraph for the benchmark: it owns a field of Quote, so every delivered event needs an entity fetch
// from the gateway to this subgraph (the cross-subgraph case the benchmark must cover).
import { parse } from "graphql";
import { TokenService } from "@tickergraph/auth";
import { startGraphQLService } from "@tickergraph/service";
import { createLogger } from "@tickergraph/telemetry";

export const INSIGHT_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@external", "@requires"])
  type Quote @key(fields: "symbol") {
    symbol: ID!
    price: Float! @external
    "A toy trading signal derived from the price."
    signal: String! @requires(fields: "price")
  }
`;

/** The insight subgraph; `entityFetches()` counts the Quote entities the gateway asked it to resolve. */
export async function startInsightSubgraph(secret: string) {
  let entityFetches = 0;
  const service = await startGraphQLService({
    name: "insight",
    host: "127.0.0.1",
    port: 0,
    typeDefs: parse(INSIGHT_SDL),
    resolvers: {
      Quote: {
        __resolveReference: (ref: { symbol: string; price: number }) => {
          entityFetches++;
          return ref;
        },
        signal: (quote: { price: number }) => (Math.round(quote.price * 100) % 2 === 0 ? "BUY" : "HOLD"),
      },
    },
    tokens: new TokenService(secret, 3600),
    logger: createLogger("insight", "silent"),
    buildContext: (base) => base,
    healthChecks: {},
  });
  return Object.assign(service, { entityFetches: () => entityFetches });
}

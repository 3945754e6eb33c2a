// @tickergraph/client: typed documents and result types generated from schema/api.graphql + operations/, and the
// Apollo Client links that carry them (HTTP for queries and mutations, graphql-ws for subscriptions).
export * from "./gql/index.js";
export * from "./gql/graphql.js";
export {
  createTickergraphClient,
  createTickergraphLinks,
  type TickergraphLinkOptions,
  type TickergraphLinks,
} from "./links.js";
export { CLOSE_CODE_UNAUTHENTICATED, reconnectDelayMs } from "./reconnect.js";

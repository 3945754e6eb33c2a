// GraphQL type → the model its resolvers receive (codegen appends the `Model` suffix).
export const mappers = {
  Alert: "../src/data/alert-view.js#AlertView",
  Quote: "../src/data/alert-view.js#QuoteReference",
  User: "@tickergraph/contracts#UserReference",
};

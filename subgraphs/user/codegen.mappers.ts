// GraphQL type → the model its resolvers receive (codegen appends the `Model` suffix).
export const mappers = {
  User: "../generated/prisma/client.js#User",
  Snapshot: "../src/data/views.js#SnapshotView",
  ShareValueChange: "../src/data/views.js#ShareValueChangeView",
};

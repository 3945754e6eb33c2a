// GraphQL type → the model its resolvers receive (codegen appends the `Model` suffix).
export const mappers = {
  User: "@tickergraph/contracts#UserReference",
  ShareValueStats: "../src/stats/share-stats.js#ShareStatsView",
  SnapshotStats: "../src/data/snapshot-stats.js#SnapshotStatsView",
  Spending: "../src/data/spending.js#SpendingView",
  Recommendation: "../src/data/recommendations.js#RecommendationView",
};

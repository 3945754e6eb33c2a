// Long-lived services of the analytics subgraph shared by every request.
import type { Recommendations } from "./data/recommendations.js";
import type { SnapshotStatsStore } from "./data/snapshot-stats.js";
import type { SpendingStore } from "./data/spending.js";
import type { ShareStatsReader } from "./stats/share-stats.js";

export interface AnalyticsServices {
  shareStats: ShareStatsReader;
  snapshotStats: SnapshotStatsStore;
  spending: SpendingStore;
  recommendations: Recommendations;
}

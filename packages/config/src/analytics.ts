// Settings of the analytics subgraph: their own group of variables, spread into the one env schema in config.ts.
import { z } from "zod";

export const analyticsEnvShape = {
  ANALYTICS_FLUSH_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  ANALYTICS_MAX_PENDING: z.coerce.number().int().min(1000).max(10_000_000).default(500_000),
  ANALYTICS_WRITERS: z.coerce.number().int().min(1).max(8).default(2),
  ANALYTICS_GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(4105),
};

type AnalyticsEnv = { [K in keyof typeof analyticsEnvShape]: z.infer<(typeof analyticsEnvShape)[K]> };

export interface AnalyticsConfig {
  /** How long share-value changes are folded in memory before they are written (and their offsets committed). */
  flushMs: number;
  /** Pending (user, bucket) deltas before the consumer waits for a flush. */
  maxPendingDeltas: number;
  /** Transactions (connections) a statistics write is split into, by user (distributed mode; PGlite uses 1). */
  writers: number;
  /** Port of the internal WalletService (gRPC). */
  grpcPort: number;
}

export function analyticsConfig(e: AnalyticsEnv): { analytics: AnalyticsConfig } {
  return {
    analytics: {
      flushMs: e.ANALYTICS_FLUSH_MS,
      maxPendingDeltas: e.ANALYTICS_MAX_PENDING,
      writers: e.ANALYTICS_WRITERS,
      grpcPort: e.ANALYTICS_GRPC_PORT,
    },
  };
}

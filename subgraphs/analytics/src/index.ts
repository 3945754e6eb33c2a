// The analytics subgraph: share-value and snapshot statistics, spending (the wallet) and recommendations, all
// maintained from events — queries read running aggregates, never raw event logs.
import type { AppConfig } from "@tickergraph/config";
import type { Runtime } from "@tickergraph/service";
import type { SubgraphDefinition } from "@tickergraph/service";
import { startSubgraph } from "@tickergraph/service";
import { PrismaClient } from "../generated/prisma/client.js";
import type { SubgraphContext } from "./context.js";
import type { BalanceCache } from "./data/balance-cache.js";
import { noBalanceCache, RedisBalanceCache } from "./data/balance-cache.js";
import { Recommendations } from "./data/recommendations.js";
import { SnapshotStatsStore } from "./data/snapshot-stats.js";
import { SpendingStore } from "./data/spending.js";
import { WatchedAlerts } from "./data/watched-alerts.js";
import { startActivityConsumers } from "./events/activity-consumers.js";
import { startShareValueConsumer } from "./events/share-value-consumer.js";
import { startWalletService } from "./grpc/wallet-service.js";
import { resolvers } from "./resolvers/index.js";
import { ShareStatsReader } from "./stats/share-stats.js";
import { ShareStatsWriter } from "./stats/share-stats-writer.js";

/** What makes this subgraph's foundation its own: its name, its package (schema, migrations), its Prisma client. */
const SUBGRAPH: SubgraphDefinition<PrismaClient> = {
  service: "analytics",
  packageRoot: new URL("../", import.meta.url),
  createClient: (adapter, options) => new PrismaClient({ adapter, ...options }),
};

export interface RunningAnalyticsSubgraph {
  url: string;
  wsUrl: string;
  /** For tests and the benchmark: the write-behind writer (flushNow, counters) and the stores. */
  writer: ShareStatsWriter;
  /** The internal WalletService (gRPC), `host:port`. */
  grpcAddress: string;
  spending: SpendingStore;
  shareStats: ShareStatsReader;
  stop(): Promise<void>;
}

export async function start(config: AppConfig, runtime?: Runtime): Promise<RunningAnalyticsSubgraph> {
  return startSubgraph(SUBGRAPH, config, runtime, async (foundation) => {
    const { db } = foundation;
    const { bus, hub, logger } = foundation.runtime;
    // The wallet total is cached in Redis when there is one; the embedded mode reads its in-process database.
    const cache: BalanceCache = hub.sharedState
      ? new RedisBalanceCache(hub.sharedState.redis, hub.sharedState.keyPrefix)
      : noBalanceCache;
    const spending = new SpendingStore(db.prisma, db.schema, db.platformSchema, cache, logger);
    const snapshotStats = new SnapshotStatsStore(db.prisma, db.schema, db.platformSchema);
    const shareStats = new ShareStatsReader(db.sql, db.schema);
    const writer = new ShareStatsWriter({
      sql: db.sql,
      schema: db.schema,
      logger,
      flushMs: config.analytics.flushMs,
      maxPendingDeltas: config.analytics.maxPendingDeltas,
      // PGlite is one connection: its transactions run one at a time anyway.
      writers: config.mode === "distributed" ? config.analytics.writers : 1,
    });
    const wallet = foundation.use(
      await startWalletService({ host: config.grpc.host, port: config.analytics.grpcPort, spending, logger }),
    );
    foundation.use(await startShareValueConsumer({ bus, writer, logger }));
    foundation.use(
      await startActivityConsumers({
        bus,
        spending,
        snapshots: snapshotStats,
        alerts: new WatchedAlerts(db.sql, db.schema),
        logger,
      }),
    );
    const server = await foundation.serve<SubgraphContext>({
      resolvers,
      buildContext: (base) => ({
        ...base,
        shareStats,
        snapshotStats,
        spending,
        recommendations: new Recommendations(db.sql, db.schema),
      }),
    });

    return {
      url: server.url,
      wsUrl: server.wsUrl,
      grpcAddress: wallet.address,
      writer,
      spending,
      shareStats,
      stop: server.stop,
    };
  });
}

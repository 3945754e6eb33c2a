// The user subgraph: registration, login, share values that move every few seconds, snapshots, live feeds.
import { readFileSync } from "node:fs";
import { parse } from "graphql";
import type { AppConfig } from "@tickergraph/config";
import { LeaderLease, openServiceDatabase, runAsLeader } from "@tickergraph/db";
import { OutboxRelay } from "@tickergraph/events";
import { startEventBridge } from "@tickergraph/pubsub";
import { createRuntime, startGraphQLService, type Runtime } from "@tickergraph/service";
import { PrismaClient } from "../generated/prisma/client.js";
import type { SubgraphContext } from "./context.js";
import { LoginThrottle } from "./data/login-throttle.js";
import { UserStore } from "./data/user-store.js";
import { USER_BRIDGE_GROUP, userBridgeRoutes } from "./events/bridge-routes.js";
import { startSnapshotWriter } from "./events/snapshot-writer.js";
import { resolvers } from "./resolvers/index.js";
import { ShareTicker } from "./ticker/share-ticker.js";

const SERVICE = "user";

export interface RunningUserSubgraph {
  url: string;
  wsUrl: string;
  /** Exposed for tests and benchmarks. */
  ticker: ShareTicker;
  relay: OutboxRelay;
  stop(): Promise<void>;
}

export async function start(config: AppConfig, runtime?: Runtime): Promise<RunningUserSubgraph> {
  const rt = runtime ?? (await createRuntime(config, SERVICE));
  const { bus, hub, tokens, logger } = rt;
  const db = await openServiceDatabase({
    service: SERVICE,
    config,
    driver: rt.driver,
    migrationsDir: new URL("../prisma/migrations", import.meta.url),
    createClient: (adapter) => new PrismaClient({ adapter }),
  });
  const relay = new OutboxRelay({ sql: db.sql, platformSchema: db.platformSchema, bus, logger, pollMs: config.outbox.pollMs });
  relay.start();
  const users = new UserStore(db.prisma, db.platformSchema, relay);
  const throttle = new LoginThrottle(db.prisma);
  const snapshotWriter = await startSnapshotWriter({ bus, prisma: db.prisma, platformSchema: db.platformSchema, users, relay });
  const bridge = await startEventBridge({ bus, hub, group: USER_BRIDGE_GROUP, routes: userBridgeRoutes, logger });
  const lease = new LeaderLease(db.sql, db.platformSchema, "share-value-ticker", Math.max(config.ticks.shareValueMs * 3, 2000));
  const ticker = new ShareTicker(db.sql, db.schema, db.platformSchema, config.ticks.shareValueBatch, {
    leaseName: lease.name,
    holder: lease.holder,
  });
  const tickerLoop = runAsLeader({
    lease,
    intervalMs: config.ticks.shareValueMs,
    task: async () => {
      const result = await ticker.tick();
      relay.wake();
      logger.debug({ ...result, holder: lease.holder }, "share values ticked");
    },
    onError: (error) => logger.error({ err: error }, "share-value tick failed"),
  });

  const server = await startGraphQLService<SubgraphContext>({
    name: SERVICE,
    host: config.host,
    port: config.services.user.port,
    typeDefs: parse(readFileSync(new URL("../schema.graphql", import.meta.url), "utf8")),
    resolvers,
    tokens,
    logger,
    buildContext: (base) => ({ ...base, users, userLoader: users.createLoader(), throttle, tokens, bus, hub }),
    healthChecks: {
      database: async () => (await db.sql.query("SELECT 1")).length === 1,
      bus: () => bus.isHealthy(),
      hub: () => hub.isHealthy(),
    },
  });

  let stopping: Promise<void> | undefined;
  return {
    url: server.url,
    wsUrl: server.wsUrl,
    ticker,
    relay,
    stop() {
      stopping ??= (async () => {
        await server.stop();
        await tickerLoop.stop();
        await bridge.stop();
        await snapshotWriter.stop();
        await relay.stop();
        await db.close();
        if (!runtime) await rt.close();
      })();
      return stopping;
    },
  };
}

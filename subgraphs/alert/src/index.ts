// The alert subgraph: price alerts that fire exactly once, evaluated against the live price stream.
import { readFileSync } from "node:fs";
import DataLoader from "dataloader";
import { parse } from "graphql";
import type { AppConfig } from "@tickergraph/config";
import { openServiceDatabase } from "@tickergraph/db";
import { OutboxRelay } from "@tickergraph/events";
import { startEventBridge } from "@tickergraph/pubsub";
import { createRuntime, startGraphQLService, type Runtime } from "@tickergraph/service";
import { PrismaClient } from "../generated/prisma/client.js";
import type { SubgraphContext } from "./context.js";
import { AlertStore } from "./data/alert-store.js";
import type { AlertView } from "./data/alert-view.js";
import { KnownSymbols } from "./data/symbols.js";
import { AlertIndex } from "./evaluator/alert-index.js";
import { startEvaluator } from "./evaluator/evaluator.js";
import { ALERT_BRIDGE_GROUP, alertBridgeRoutes } from "./events/bridge-routes.js";
import { resolvers } from "./resolvers/index.js";

const SERVICE = "alert";

export interface RunningAlertSubgraph {
  url: string;
  wsUrl: string;
  /** The evaluator's index and the store, for tests and benchmarks that drive firing directly. */
  index: AlertIndex;
  alerts: AlertStore;
  stop(): Promise<void>;
}

export async function start(config: AppConfig, runtime?: Runtime): Promise<RunningAlertSubgraph> {
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
  const alerts = new AlertStore(db.prisma, db.schema, db.platformSchema, relay);
  const symbols = new KnownSymbols(db.prisma);
  await symbols.load();
  const index = new AlertIndex();
  const evaluator = await startEvaluator({ bus, index, alerts, symbols, logger });
  const bridge = await startEventBridge({ bus, hub, group: ALERT_BRIDGE_GROUP, routes: alertBridgeRoutes, logger });

  const server = await startGraphQLService<SubgraphContext>({
    name: SERVICE,
    host: config.host,
    port: config.services.alert.port,
    typeDefs: parse(readFileSync(new URL("../schema.graphql", import.meta.url), "utf8")),
    resolvers,
    tokens,
    logger,
    buildContext: (base) => ({
      ...base,
      alerts,
      symbols,
      evaluator,
      hub,
      alertLoader: new DataLoader<string, AlertView | null>((ids) => alerts.byIds(ids)),
    }),
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
    index,
    alerts,
    stop() {
      stopping ??= (async () => {
        await server.stop();
        await bridge.stop();
        await evaluator.stop();
        await relay.stop();
        await db.close();
        if (!runtime) await rt.close();
      })();
      return stopping;
    },
  };
}

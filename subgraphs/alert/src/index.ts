// The alert subgraph: price alerts that fire exactly once, evaluated against the live price stream.
import DataLoader from "dataloader";
import type { AppConfig } from "@tickergraph/config";
import { startEventBridge } from "@tickergraph/pubsub";
import type { Runtime, UserDirectory } from "@tickergraph/service";
import type { SubgraphDefinition } from "@tickergraph/service";
import { openUserDirectory, startSubgraph } from "@tickergraph/service";
import { PrismaClient } from "../generated/prisma/client.js";
import type { SubgraphContext } from "./context.js";
import { AlertStore } from "./data/alert-store.js";
import type { AlertView } from "./data/alert-view.js";
import { KnownSymbols } from "./data/symbols.js";
import { AlertIndex } from "./evaluator/alert-index.js";
import { startEvaluator } from "./evaluator/evaluator.js";
import { ALERT_BRIDGE_GROUP, alertBridgeRoutes } from "./events/bridge-routes.js";
import { resolvers } from "./resolvers/index.js";

/** What makes this subgraph's foundation its own: its name, its package (schema, migrations), its Prisma client. */
const SUBGRAPH: SubgraphDefinition<PrismaClient> = {
  service: "alert",
  packageRoot: new URL("../", import.meta.url),
  createClient: (adapter, options) => new PrismaClient({ adapter, ...options }),
};

export interface RunningAlertSubgraph {
  url: string;
  wsUrl: string;
  /** The evaluator's index and the store, for tests and benchmarks that drive firing directly. */
  index: AlertIndex;
  alerts: AlertStore;
  stop(): Promise<void>;
}

/** `users`: who writes may be made for; the user service's UserDirectory unless a test supplies its own. */
export async function start(
  config: AppConfig,
  runtime?: Runtime,
  options: { users?: UserDirectory } = {},
): Promise<RunningAlertSubgraph> {
  return startSubgraph(SUBGRAPH, config, runtime, async (foundation) => {
    const { db, relay } = foundation;
    const { bus, hub, logger } = foundation.runtime;
    const alerts = new AlertStore(db.prisma, db.schema, db.platformSchema, relay);
    const symbols = new KnownSymbols(db.prisma);
    await symbols.load();
    const index = new AlertIndex();
    const evaluator = foundation.use(await startEvaluator({ bus, index, alerts, symbols, logger }));
    foundation.use(await startEventBridge({ bus, hub, group: ALERT_BRIDGE_GROUP, routes: alertBridgeRoutes, logger }));

    const users = options.users ?? foundation.use(openUserDirectory(config, logger)).directory;
    const server = await foundation.serve<SubgraphContext>({
      resolvers,
      buildContext: (base) => ({
        ...base,
        users,
        alerts,
        symbols,
        evaluator,
        hub,
        alertLoader: new DataLoader<string, AlertView | null>((ids) => alerts.byIds(ids)),
      }),
    });

    return {
      url: server.url,
      wsUrl: server.wsUrl,
      index,
      alerts,
      stop: server.stop,
    };
  });
}

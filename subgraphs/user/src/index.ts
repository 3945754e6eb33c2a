// The user subgraph: registration, login, share values that move every few seconds, snapshots, live feeds.
import type { AppConfig } from "@tickergraph/config";
import { PasswordBudget, PasswordWorkLimiter } from "@tickergraph/auth";
import { LeaderLease, runAsLeader } from "@tickergraph/db";
import type { OutboxRelay } from "@tickergraph/events";
import { startEventBridge } from "@tickergraph/pubsub";
import type { Runtime } from "@tickergraph/service";
import type { SubgraphDefinition } from "@tickergraph/service";
import { startSubgraph } from "@tickergraph/service";
import { PrismaClient } from "../generated/prisma/client.js";
import type { SubgraphContext } from "./context.js";
import { LoginThrottle } from "./data/login-throttle.js";
import { UserStore } from "./data/user-store.js";
import { USER_BRIDGE_GROUP, userBridgeRoutes } from "./events/bridge-routes.js";
import { startSnapshotWriter } from "./events/snapshot-writer.js";
import { startUserDirectory } from "./grpc/user-directory-service.js";
import { resolvers } from "./resolvers/index.js";
import { ShareTicker } from "./ticker/share-ticker.js";

/** What makes this subgraph's foundation its own: its name, its package (schema, migrations), its Prisma client. */
const SUBGRAPH: SubgraphDefinition<PrismaClient> = {
  service: "user",
  packageRoot: new URL("../", import.meta.url),
  createClient: (adapter, options) => new PrismaClient({ adapter, ...options }),
};

export interface RunningUserSubgraph {
  url: string;
  wsUrl: string;
  /** Port of the internal gRPC UserDirectory (what USER_GRPC_PORT=0 picked). */
  grpcPort: number;
  /** Exposed for tests and benchmarks. */
  ticker: ShareTicker;
  relay: OutboxRelay;
  stop(): Promise<void>;
}

export async function start(config: AppConfig, runtime?: Runtime): Promise<RunningUserSubgraph> {
  return startSubgraph(SUBGRAPH, config, runtime, async (foundation) => {
    const { db, relay } = foundation;
    const { bus, hub, tokens, logger } = foundation.runtime;
    const users = new UserStore(db.prisma, db.platformSchema, relay);
    const throttle = new LoginThrottle(db.sql, db.schema);
    const passwordWork = new PasswordWorkLimiter();
    const directory = foundation.use(
      await startUserDirectory({ host: config.grpc.host, port: config.user.grpcPort, users, logger }),
    );
    foundation.use(
      await startSnapshotWriter({
        bus,
        prisma: db.prisma,
        platformSchema: db.platformSchema,
        users,
        relay,
      }),
    );
    foundation.use(await startEventBridge({ bus, hub, group: USER_BRIDGE_GROUP, routes: userBridgeRoutes, logger }));
    const lease = new LeaderLease(
      db.sql,
      db.platformSchema,
      "share-value-ticker",
      Math.max(config.ticks.shareValueMs * 3, 2000),
    );
    const ticker = new ShareTicker(db.sql, db.schema, db.platformSchema, config.ticks.shareValueBatch, {
      leaseName: lease.name,
      holder: lease.holder,
    });
    foundation.use(
      runAsLeader({
        lease,
        intervalMs: config.ticks.shareValueMs,
        task: async () => {
          const result = await ticker.tick();
          relay.wake();
          logger.debug({ ...result, holder: lease.holder }, "share values ticked");
        },
        onError: (error) => logger.error({ err: error }, "share-value tick failed"),
      }),
    );

    const server = await foundation.serve<SubgraphContext>({
      resolvers,
      buildContext: (base) => ({
        ...base,
        users,
        userLoader: users.createLoader(),
        throttle,
        passwordWork,
        passwordBudget: new PasswordBudget(),
        tokens,
        bus,
        hub,
        adminEmails: config.roles.adminEmails,
      }),
    });

    return {
      url: server.url,
      wsUrl: server.wsUrl,
      grpcPort: directory.port,
      ticker,
      relay,
      stop: server.stop,
    };
  });
}

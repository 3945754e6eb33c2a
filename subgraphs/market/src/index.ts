// The market subgraph: instruments, live prices (generator → Kafka → processor → Redis), candles, purchases.
import DataLoader from "dataloader";
import type { AppConfig } from "@tickergraph/config";
import { LeaderLease, runAsLeader } from "@tickergraph/db";
import type { Runtime, UserDirectory } from "@tickergraph/service";
import type { SubgraphDefinition } from "@tickergraph/service";
import { openUserDirectory, startSubgraph } from "@tickergraph/service";
import { PrismaClient } from "../generated/prisma/client.js";
import type { SubgraphContext } from "./context.js";
import { CandleQueries } from "./data/candle-queries.js";
import { CandleStore } from "./data/candles.js";
import { Catalogue } from "./data/catalogue.js";
import { MemoryQuoteStore } from "./data/memory-quote-store.js";
import { PurchaseStore } from "./data/purchases.js";
import type { QuoteStore, QuoteView } from "./data/quote-store.js";
import { RedisQuoteStore } from "./data/redis-quote-store.js";
import { startPriceProcessor } from "./events/price-processor.js";
import { PriceGenerator } from "./prices/price-generator.js";
import { resolvers } from "./resolvers/index.js";

/** What makes this subgraph's foundation its own: its name, its package (schema, migrations), its Prisma client. */
const SUBGRAPH: SubgraphDefinition<PrismaClient> = {
  service: "market",
  packageRoot: new URL("../", import.meta.url),
  createClient: (adapter, options) => new PrismaClient({ adapter, ...options }),
};

export interface RunningMarketSubgraph {
  url: string;
  wsUrl: string;
  quotes: QuoteStore;
  stop(): Promise<void>;
}

/** `users`: who writes may be made for; the user service's UserDirectory unless a test supplies its own. */
export async function start(
  config: AppConfig,
  runtime?: Runtime,
  options: { users?: UserDirectory } = {},
): Promise<RunningMarketSubgraph> {
  return startSubgraph(SUBGRAPH, config, runtime, async (foundation) => {
    const { db, relay } = foundation;
    const { bus, hub, logger } = foundation.runtime;
    const catalogue = new Catalogue(db.prisma);
    await catalogue.load();
    // Quotes live in Redis when there is one (shared by every instance), in memory in the embedded mode.
    const quotes: QuoteStore = hub.sharedState
      ? new RedisQuoteStore(hub.sharedState.redis, hub.sharedState.keyPrefix)
      : new MemoryQuoteStore();
    const purchases = new PurchaseStore(db.prisma, db.platformSchema, relay);
    const candleQueries = new CandleQueries(db.prisma);
    foundation.use(await startPriceProcessor({ bus, hub, quotes, candles: new CandleStore(db.sql, db.schema) }));
    const generator = new PriceGenerator(() => catalogue.all(), quotes, bus);
    const lease = new LeaderLease(
      db.sql,
      db.platformSchema,
      "price-generator",
      Math.max(config.ticks.priceMs * 3, 2000),
    );
    foundation.use(
      runAsLeader({
        lease,
        intervalMs: config.ticks.priceMs,
        task: async () => void (await generator.tick()),
        onError: (error) => {
          generator.reset();
          logger.error({ err: error }, "price tick failed");
        },
      }),
    );

    const users = options.users ?? foundation.use(openUserDirectory(config, logger)).directory;
    const server = await foundation.serve<SubgraphContext>({
      resolvers,
      buildContext: (base) => ({
        ...base,
        users,
        catalogue,
        quotes,
        purchases,
        candles: candleQueries,
        hub,
        instrumentLoader: catalogue.createLoader(),
        // N quotes in one Redis round trip.
        quoteLoader: new DataLoader<string, QuoteView | null>((symbols) => quotes.latest(symbols)),
      }),
    });

    return {
      url: server.url,
      wsUrl: server.wsUrl,
      quotes,
      stop: server.stop,
    };
  });
}

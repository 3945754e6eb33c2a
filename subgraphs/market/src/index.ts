// The market subgraph: instruments, live prices (generator → Kafka → processor → Redis), candles, purchases.
import { readFileSync } from "node:fs";
import DataLoader from "dataloader";
import { parse } from "graphql";
import type { AppConfig } from "@tickergraph/config";
import { LeaderLease, openServiceDatabase, runAsLeader } from "@tickergraph/db";
import { OutboxRelay } from "@tickergraph/events";
import { RedisSubscriptionHub } from "@tickergraph/pubsub";
import { createRuntime, startGraphQLService, type Runtime } from "@tickergraph/service";
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

const SERVICE = "market";

export interface RunningMarketSubgraph {
  url: string;
  wsUrl: string;
  quotes: QuoteStore;
  stop(): Promise<void>;
}

export async function start(config: AppConfig, runtime?: Runtime): Promise<RunningMarketSubgraph> {
  const rt = runtime ?? (await createRuntime(config, SERVICE));
  const { bus, hub, tokens, logger } = rt;
  const db = await openServiceDatabase({
    service: SERVICE,
    config,
    driver: rt.driver,
    migrationsDir: new URL("../prisma/migrations", import.meta.url),
    createClient: (adapter) => new PrismaClient({ adapter }),
  });
  const catalogue = new Catalogue(db.prisma);
  await catalogue.load();
  // Quotes live in Redis when there is one (shared by every instance), in memory in the embedded mode.
  const quotes: QuoteStore = hub instanceof RedisSubscriptionHub ? new RedisQuoteStore(hub.redis, config.redis.channelPrefix) : new MemoryQuoteStore();
  const relay = new OutboxRelay({ sql: db.sql, platformSchema: db.platformSchema, bus, logger, pollMs: config.outbox.pollMs });
  relay.start();
  const purchases = new PurchaseStore(db.prisma, db.platformSchema, relay);
  const candleQueries = new CandleQueries(db.prisma);
  const processor = await startPriceProcessor({ bus, hub, quotes, candles: new CandleStore(db.sql, db.schema) });
  const generator = new PriceGenerator(() => catalogue.all(), quotes, bus);
  const lease = new LeaderLease(db.sql, db.platformSchema, "price-generator", Math.max(config.ticks.priceMs * 3, 2000));
  const generatorLoop = runAsLeader({
    lease,
    intervalMs: config.ticks.priceMs,
    task: async () => void (await generator.tick()),
    onError: (error) => {
      generator.reset();
      logger.error({ err: error }, "price tick failed");
    },
  });

  const server = await startGraphQLService<SubgraphContext>({
    name: SERVICE,
    host: config.host,
    port: config.services.market.port,
    typeDefs: parse(readFileSync(new URL("../schema.graphql", import.meta.url), "utf8")),
    resolvers,
    tokens,
    logger,
    buildContext: (base) => ({
      ...base,
      catalogue,
      quotes,
      purchases,
      candles: candleQueries,
      hub,
      instrumentLoader: catalogue.createLoader(),
      // N quotes in one Redis round trip.
      quoteLoader: new DataLoader<string, QuoteView | null>((symbols) => quotes.latest(symbols)),
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
    quotes,
    stop() {
      stopping ??= (async () => {
        await server.stop();
        await generatorLoop.stop();
        await processor.stop();
        await relay.stop();
        await db.close();
        if (!runtime) await rt.close();
      })();
      return stopping;
    },
  };
}

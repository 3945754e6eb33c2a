// Analytics in the distributed mode, through the gateway: every subgraph it listens to, with its own runtime, on
// real Kafka, Redis and Postgres. The share ticker is too slow to tick: the test publishes share-value changes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as grpc from "@grpc/grpc-js";
import { Redis } from "ioredis";
import { callUnary, grpcStatus, serviceConstructor } from "@tickergraph/grpc";
import { createEvent, KafkaEventBus } from "@tickergraph/events";
import { start as startAlert } from "@tickergraph/subgraph-alert";
import type { RunningAnalyticsSubgraph } from "@tickergraph/subgraph-analytics";
import { start as startAnalytics } from "@tickergraph/subgraph-analytics";
import { WALLET_PROTO, WALLET_SERVICE } from "../subgraphs/analytics/src/grpc/wallet-service.js";
import { start as startMarket } from "@tickergraph/subgraph-market";
import { start as startUser } from "@tickergraph/subgraph-user";
import { createLogger } from "@tickergraph/telemetry";
import { graphqlRequest, requireInfra, testConfig, uniqueRunId } from "@tickergraph/testing";
import { start as startGateway } from "../gateway/src/index.js";
import { runAnalyticsFlow } from "./flows/analytics-flow.js";

const available = await requireInfra(["postgres", "kafka", "redis"]);

describe.runIf(available)("analytics through the gateway (distributed)", () => {
  const config = testConfig(uniqueRunId(), {
    ticks: { priceMs: 250, shareValueMs: 3_600_000 },
    analytics: { flushMs: 100, grpcPort: 0 },
  });
  const stops: Array<() => Promise<void>> = [];
  let gatewayUrl: string;
  let analytics: RunningAnalyticsSubgraph;
  let bus: KafkaEventBus;
  beforeAll(async () => {
    bus = new KafkaEventBus({ ...config.kafka, logger: createLogger("setup", "silent") });
    await bus.ensureTopics();
    // Market and alert dial the user service's UserDirectory on the port it bound (USER_GRPC_PORT=0).
    const user = await startUser(config);
    const dialling = { ...config, user: { grpcPort: user.grpcPort } };
    const [market, alert] = await Promise.all([startMarket(dialling), startAlert(dialling)]);
    analytics = await startAnalytics(config);
    stops.push(user.stop, market.stop, alert.stop, analytics.stop);
    const gateway = await startGateway(config, {
      subgraphUrls: { user: user.url, market: market.url, alert: alert.url, analytics: analytics.url },
    });
    stops.unshift(gateway.stop);
    gatewayUrl = gateway.url;
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
    await bus?.close();
  });

  it("keeps spending, statistics and recommendations exact, per user, once per event", async () => {
    await runAnalyticsFlow(gatewayUrl, (events) => bus.publish(events));
  });

  it("rebuilds a lost cached total from Postgres", async () => {
    const email = `cache.${Date.now()}@example.com`;
    const { token, user } = (
      await graphqlRequest(gatewayUrl, `mutation($i: RegisterInput!) { register(input: $i) { token user { id } } }`, {
        i: { email, password: "analytics password", displayName: "Cache" },
      })
    ).data!.register;
    await bus.publish([
      createEvent("market.purchase.recorded", {
        purchaseId: crypto.randomUUID(),
        userId: user.id,
        symbol: "XAU",
        quantity: 1,
        price: 2650.1,
        total: 2650.1,
        at: new Date().toISOString(),
      }),
    ]);
    const redis = new Redis(config.redis.url);
    const key = `${config.redis.channelPrefix}analytics:balance:${user.id}`;
    try {
      const deadline = Date.now() + 30_000;
      while ((await redis.get(key)) === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await redis.get(key)).toBe("2650.1");
      await redis.del(key);
      expect(await analytics.spending.total(user.id)).toBe(2650.1);
      expect(await redis.get(key)).toBe("2650.1");
      // The GraphQL field reads Postgres (one snapshot with bySymbol); the cache serves internal callers.
      const total = await graphqlRequest(gatewayUrl, `{ me { spending { total } } }`, {}, token);
      expect(total.data!.me.spending.total).toBe(2650.1);
    } finally {
      redis.disconnect();
    }
  });

  it("answers WalletService.GetBalance to a real gRPC client, from the cache or rebuilt from Postgres", async () => {
    const email = `wallet.${Date.now()}@example.com`;
    const { user } = (
      await graphqlRequest(gatewayUrl, `mutation($i: RegisterInput!) { register(input: $i) { user { id } } }`, {
        i: { email, password: "analytics password", displayName: "Wallet" },
      })
    ).data!.register;
    const purchase = (quantity: number, price: number) =>
      createEvent("market.purchase.recorded", {
        purchaseId: crypto.randomUUID(),
        userId: user.id,
        symbol: "ETH-USD",
        quantity,
        price,
        total: quantity * price,
        at: new Date().toISOString(),
      });
    const first = purchase(2, 100.25);
    await bus.publish([first, first, purchase(1, 0.5)]);
    const Wallet = serviceConstructor(WALLET_PROTO, WALLET_SERVICE);
    const client = new Wallet(analytics.grpcAddress, grpc.credentials.createInsecure());
    const redis = new Redis(config.redis.url);
    try {
      const balance = () => callUnary<{ balances: { total: number } }>(client, "GetBalance", { user_id: user.id });
      const deadline = Date.now() + 30_000;
      while ((await balance()).balances.total !== 201 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(await balance()).toEqual({ balances: { total: 201 } });
      await redis.del(`${config.redis.channelPrefix}analytics:balance:${user.id}`);
      expect(await balance()).toEqual({ balances: { total: 201 } });
      expect(await callUnary(client, "GetBalance", { user_id: crypto.randomUUID() })).toEqual({
        balances: { total: 0 },
      });
      await expect(callUnary(client, "GetBalance", { user_id: "not-a-uuid" })).rejects.toMatchObject({
        code: grpcStatus.INVALID_ARGUMENT,
      });
    } finally {
      client.close();
      redis.disconnect();
    }
  });

  it("serves its metrics, with the consumer lag of its groups", async () => {
    const text = await (await fetch(new URL("/metrics", analytics.url))).text();
    expect(text).toMatch(/tickergraph_kafka_consumer_lag\{[^}]*group="analytics\.share-stats"[^}]*\} \d+/);
    expect(text).toMatch(/tickergraph_events_consumed_total\{[^}]*type="user\.share-value\.changed"[^}]*\} [1-9]/);
    expect(text).toMatch(/tickergraph_http_request_duration_seconds_count\{[^}]*route="\/graphql"/);
    expect(text).toContain('service="analytics"');
  });
});

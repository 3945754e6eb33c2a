// Benchmark: a price tick produced to Kafka → the alert it crosses fires → `alertTriggered` (with its quote
// resolved by the market subgraph) arrives through the gateway. Reports p50/p99 of that latency.
//   npm run bench:alert-e2e -- [alerts=100]
import { createEvent, KafkaEventBus } from "@tickergraph/events";
import { start as startAlert } from "@tickergraph/subgraph-alert";
import { start as startMarket } from "@tickergraph/subgraph-market";
import { start as startUser } from "@tickergraph/subgraph-user";
import { createLogger } from "@tickergraph/telemetry";
import { graphqlRequest, nextValue, openSubscription, testConfig, uniqueRunId } from "@tickergraph/testing";
import { start as startGateway } from "../gateway/src/index.js";

const [count = 100] = process.argv.slice(2).map(Number);
const config = testConfig(uniqueRunId("bench"), {
  ticks: { priceMs: 3_600_000, shareValueMs: 3_600_000 },
  logLevel: "error",
});
const bus = new KafkaEventBus({ ...config.kafka, logger: createLogger("bench", "error") });
await bus.ensureTopics();
// Market and alert dial the user service's UserDirectory on the port it bound (USER_GRPC_PORT=0).
const user = await startUser(config);
const dialling = { ...config, user: { grpcPort: user.grpcPort } };
const [market, alert] = await Promise.all([startMarket(dialling), startAlert(dialling)]);
const gateway = await startGateway(config, { subgraphUrls: { user: user.url, market: market.url, alert: alert.url } });
const gql = (query: string, variables = {}, token?: string) => graphqlRequest(gateway.url, query, variables, token);

const { token } = (
  await gql(`mutation($i: RegisterInput!) { register(input: $i) { token } }`, {
    i: { email: `bench-${Date.now()}@example.com`, password: "benchmark password", displayName: "Bench" },
  })
).data!.register;
const feed = openSubscription(
  gateway.wsUrl,
  `subscription { alertTriggered { id triggeredPrice quote { price instrument { name } } } }`,
  {},
  token,
);
const tick = (price: number) =>
  createEvent("market.price.ticked", {
    symbol: "AAPL",
    price,
    at: new Date().toISOString(),
    producedAt: Date.now(),
  });

// Warm-up: a first tick so the market has a quote, and one alert round trip (connections, plans, consumer groups).
await bus.publish([tick(100)]);
const latencies: number[] = [];
for (let i = -1; i < count; i++) {
  const threshold = 100 + i + 0.5;
  const created = await gql(
    `mutation($i: CreateAlertInput!) { createAlert(input: $i) { id } }`,
    { i: { symbol: "AAPL", direction: "ABOVE", threshold } },
    token,
  );
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  for (let n = 0; n < 200 && !alert.index.has(created.data!.createAlert.id); n++)
    await new Promise((r) => setImmediate(r));
  const produced = tick(threshold + 0.25);
  const next = nextValue(feed, 10_000, "alertTriggered");
  await bus.publish([produced]);
  const event = await next;
  if (event.data?.alertTriggered.id !== created.data!.createAlert.id)
    throw new Error(`unexpected event ${JSON.stringify(event)}`);
  if (i >= 0) latencies.push(Date.now() - (produced.payload as { producedAt: number }).producedAt);
}
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
console.log(
  `\ntick produced to Kafka → alertTriggered received through the gateway (quote resolved from market), ${count} alerts`,
);
console.table([{ alerts: count, "p50 ms": pct(50), "p95 ms": pct(95), "p99 ms": pct(99), "max ms": latencies.at(-1) }]);
await feed.dispose();
await gateway.stop();
await Promise.all([user.stop(), market.stop(), alert.stop()]);
await bus.close();
process.exit(0);

// Benchmark: N graphql-ws subscribers through the gateway on a feed whose selection needs a second subgraph.
// Ticks are produced to Kafka carrying their produce time; we measure produce→receive latency, delivered messages/s,
// and the gateway's CPU and RSS per connection, with deduplication on and off.
//   npm run bench:subscriptions -- [clients=1000,5000,10000] [eventsPerSecond=2] [seconds=10] [dedupeOff=1000] [feeds=1] [--signed-in]
// eventsPerSecond is per feed; each client gets that many events/s. With feeds=1 every client watches AAPL, so each
// event is one burst to all clients (the worst case for fan-out); with feeds=F the clients are spread round-robin
// over F symbols whose ticks are staggered across the second, as when users watch different instruments.
// --signed-in: every client signs in as its own user with its own token (real dashboards); the public feed must
// still cost one entity fetch per event, which the table's "fetches/event" column shows (insight's own count).
import type { ChildProcess } from "node:child_process";
import { fork } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { createEvent, KafkaEventBus } from "@tickergraph/events";
import { createLogger } from "@tickergraph/telemetry";
import { drain, percentile, startClients } from "./load-generator.js";

const SIGNED_IN = process.argv.includes("--signed-in");
const positional = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const [clientsArg = "1000,5000,10000", rateArg = "2", secondsArg = "10", offArg = "1000", feedsArg = "1"] = positional;
const CLIENT_COUNTS = clientsArg.split(",").map(Number);
const EVENTS_PER_SECOND = Number(rateArg);
const SECONDS = Number(secondsArg);
const DEDUPE_OFF_CLIENTS = Number(offArg);
// Seeded symbols (market migration); a feed per symbol.
const SYMBOLS = [
  "AAPL",
  "MSFT",
  "GOOGL",
  "AMZN",
  "TSLA",
  "NVDA",
  "META",
  "SPY",
  "BTC-USD",
  "ETH-USD",
  "XAU",
  "XAG",
  "WTI",
];
const FEEDS = Math.min(Number(feedsArg), SYMBOLS.length);
const FEED_SYMBOLS = SYMBOLS.slice(0, FEEDS);
const QUERIES = FEED_SYMBOLS.map(
  (symbol) => `subscription { priceTick(symbols: ["${symbol}"]) { symbol price updatedAt signal } }`,
);

interface Server {
  url: string;
  topicPrefix: string;
  jwtSecret: string;
  child: ChildProcess;
}

async function startServer(dedupe: boolean): Promise<Server> {
  // forked with IPC: the server exits when this process goes away, even if it dies without cleaning up.
  const child = fork("bench/subscriptions/server.ts", [dedupe ? "dedupe" : "no-dedupe"], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  const [line] = (await once(createInterface({ input: child.stdout! }), "line")) as [string];
  const { gateway, topicPrefix, jwtSecret } = JSON.parse(line) as {
    gateway: string;
    topicPrefix: string;
    jwtSecret: string;
  };
  return { url: gateway, topicPrefix, jwtSecret, child };
}

/** Entities the insight subgraph has resolved so far: one per entity fetch of one event. */
async function entityFetches(server: Server): Promise<number> {
  server.child.send({ type: "entity-fetches" });
  const [message] = (await once(server.child, "message")) as [{ count: number }];
  return message.count;
}

/** process_cpu_seconds_total and process_resident_memory_bytes from the gateway's own /metrics. */
async function gatewayProcess(url: string): Promise<{
  cpu: number;
  rss: number;
  upstream: number;
  active: number;
  eventsIn: number;
  fanOutSum: number;
  fanOutCount: number;
}> {
  const text = await (await fetch(url.replace("/graphql", "/metrics"))).text();
  const metric = (name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)$`, "m").exec(text)?.[1] ?? NaN);
  return {
    cpu: metric("tickergraph_gateway_process_cpu_seconds_total"),
    rss: metric("tickergraph_gateway_process_resident_memory_bytes"),
    upstream: metric("tickergraph_gateway_subscriptions_upstream"),
    active: metric("tickergraph_gateway_subscriptions_active"),
    eventsIn: metric("tickergraph_gateway_events_in_total"),
    // Upstream event's arrival at the gateway → the last client's frame handed to its socket (gateway-side only).
    fanOutSum: metric("tickergraph_gateway_delivery_latency_seconds_sum"),
    fanOutCount: metric("tickergraph_gateway_delivery_latency_seconds_count"),
  };
}

async function scenario(clients: number, dedupe: boolean) {
  const server = await startServer(dedupe);
  const bus = new KafkaEventBus({
    brokers: ["127.0.0.1:9092"],
    clientId: "bench",
    topicPrefix: server.topicPrefix,
    logger: createLogger("bench", "error"),
  });
  const baseline = await gatewayProcess(server.url);
  const load = await startClients(server.url, clients, QUERIES, SIGNED_IN ? server.jwtSecret : "");
  // graphql-ws does not acknowledge a subscribe: wait until the gateway has attached every client's subscription
  // and opened the upstreams, so no client misses an event for having subscribed late; then idle memory.
  for (let i = 0; i < 600; i++) {
    const now = await gatewayProcess(server.url);
    if (now.active >= clients && now.upstream >= (dedupe ? FEEDS : clients)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  global.gc?.();
  const idle = await gatewayProcess(server.url);
  const prices = new Map(FEED_SYMBOLS.map((symbol) => [symbol, 200]));
  /** Produce time of every tick (the clients report which of them they got). */
  const produced: number[] = [];
  const tick = (symbol: string) => {
    const price = Math.round((prices.get(symbol)! + (Math.random() - 0.5)) * 100) / 100;
    prices.set(symbol, price);
    const now = new Date();
    produced.push(now.getTime());
    return bus.publish([
      createEvent("market.price.ticked", { symbol, price, at: now.toISOString(), producedAt: now.getTime() }),
    ]);
  };
  // Warm-up ticks, not measured.
  await Promise.all(FEED_SYMBOLS.map(tick));
  await new Promise((r) => setTimeout(r, 1000));
  load.measure();
  produced.length = 0;
  const started = await gatewayProcess(server.url);
  const fetchesBefore = await entityFetches(server);
  const t0 = performance.now();
  const total = EVENTS_PER_SECOND * SECONDS;
  for (let n = 0; n < total * FEEDS; n++) {
    const due = t0 + (n * 1000) / (EVENTS_PER_SECOND * FEEDS);
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await tick(FEED_SYMBOLS[n % FEEDS]!);
  }
  // CPU over the production window; then give the last event time to arrive everywhere and collect.
  const elapsed = (performance.now() - t0) / 1000;
  const ended = await gatewayProcess(server.url);
  const expected = total * clients;
  await drain(load, expected);
  const { latencies, perEvent, errors, closed } = await load.report();
  const reachedGateway = (await gatewayProcess(server.url)).eventsIn - started.eventsIn;
  const fetches = (await entityFetches(server)) - fetchesBefore;
  const received = latencies.length;
  await load.close();
  await bus.close();
  server.child.kill("SIGTERM");
  await once(server.child, "exit");
  latencies.sort((a, b) => a - b);
  return {
    dedupe: dedupe ? "on" : "off",
    users: SIGNED_IN ? "distinct" : "anonymous",
    clients,
    feeds: FEEDS,
    upstream: idle.upstream,
    "events/s": EVENTS_PER_SECOND,
    delivered: `${received}/${expected}`,
    // Deliveries missing, and events that no client got at all (with how many reached the gateway, to tell where).
    lost: expected - received,
    "events missed by all": produced.filter((at) => !perEvent.has(at)).length,
    "events at gw": `${reachedGateway}/${produced.length}`,
    "closed conns": closed,
    "msgs/s": Math.round(received / SECONDS),
    "p50 ms": percentile(latencies, 50),
    "p95 ms": percentile(latencies, 95),
    "p99 ms": percentile(latencies, 99),
    "gw fan-out ms":
      Math.round(
        ((ended.fanOutSum - started.fanOutSum) / Math.max(1, ended.fanOutCount - started.fanOutCount)) * 1000 * 10,
      ) / 10,
    // CPU of the server process, which also runs the market and insight subgraphs and their Kafka consumer: the
    // gateway's own share is lower, and deliveries per core a lower bound (bench:ws-floor isolates the fan-out).
    "gw CPU %": Math.round(((ended.cpu - started.cpu) / elapsed) * 100),
    "deliveries/s per core": Math.round(received / SECONDS / Math.max(0.01, (ended.cpu - started.cpu) / elapsed)),
    "fetches/event": Math.round((fetches / (total * FEEDS)) * 100) / 100,
    "gw RSS MB": Math.round(ended.rss / 1e6),
    "KB/idle conn": Math.round(((idle.rss - baseline.rss) / clients / 1024) * 10) / 10,
    errors,
  };
}

const rows = [];
for (const clients of CLIENT_COUNTS) rows.push(await scenario(clients, true));
if (DEDUPE_OFF_CLIENTS > 0) rows.push(await scenario(DEDUPE_OFF_CLIENTS, false));
console.log(
  `\nsubscriptions through the gateway: ${FEEDS} feed(s) × ${EVENTS_PER_SECOND} Kafka events/s for ${SECONDS} s; selection spans market + insight subgraphs; ${SIGNED_IN ? "each client its own signed-in user" : "anonymous clients"}; gw CPU is the server process (gateway + both subgraphs)`,
);
console.table(rows);
const on = rows.find((r) => r.dedupe === "on" && r.clients === DEDUPE_OFF_CLIENTS);
const off = rows.find((r) => r.dedupe === "off");
if (on && off) {
  console.log(
    `dedupe on vs off at ${DEDUPE_OFF_CLIENTS} clients: upstream ${on.upstream} vs ${off.upstream}, gateway CPU ${on["gw CPU %"]}% vs ${off["gw CPU %"]}% (×${(off["gw CPU %"] / Math.max(1, on["gw CPU %"])).toFixed(1)}), p99 ${on["p99 ms"]} vs ${off["p99 ms"]} ms`,
  );
}
process.exit(0);

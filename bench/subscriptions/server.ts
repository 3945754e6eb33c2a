// The benchmark's server process: market subgraph + insight subgraph + gateway on real Kafka and Redis.
// Prints one JSON line with the URLs, then serves until killed. The argument `no-dedupe` turns deduplication off.
// Answers the IPC message `entity-fetches` with how many entities the insight subgraph resolved so far.
import { composeServices } from "@apollo/composition";
import { readFileSync } from "node:fs";
import { parse } from "graphql";
import { ensureDomainTopics } from "@tickergraph/events";
import { start as startMarket } from "@tickergraph/subgraph-market";
import { testConfig, uniqueRunId } from "@tickergraph/testing";
import { start as startGateway } from "../../gateway/src/index.js";
import { INSIGHT_SDL, startInsightSubgraph } from "./insight-subgraph.js";

const dedupe = process.argv[2] !== "no-dedupe";
const runId = uniqueRunId("bench");
// Price generator effectively off: the load generator produces the ticks, with their produce time.
const config = testConfig(runId, { ticks: { priceMs: 3_600_000 }, logLevel: "error" });
await ensureDomainTopics(config.kafka);

const market = await startMarket(config);
const insight = await startInsightSubgraph(config.auth.jwtSecret);
const composed = composeServices([
  {
    name: "market",
    url: market.url,
    typeDefs: parse(readFileSync(new URL("../../subgraphs/market/schema.graphql", import.meta.url), "utf8")),
  },
  { name: "insight", url: insight.url, typeDefs: parse(INSIGHT_SDL) },
]);
if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join("\n"));
const gateway = await startGateway(config, {
  supergraphSdl: composed.supergraphSdl,
  subgraphUrls: { market: market.url, insight: insight.url },
  subscriptionLimits: {
    dedupe,
    maxConnections: 50_000,
    maxBufferedBytes: 8 * 1024 * 1024,
    // Anonymous load-generator clients all share one address.
    maxSubscriptionsPerClient: 1_000_000,
  },
  // Every load-generator client comes from 127.0.0.1.
  transportLimits: { maxConnectionsPerAddress: 100_000 },
});
// The JWT secret lets the runner sign one token per simulated user (a bench-only process on loopback).
process.stdout.write(
  `${JSON.stringify({ gateway: gateway.url, topicPrefix: config.kafka.topicPrefix, pid: process.pid, jwtSecret: config.auth.jwtSecret })}\n`,
);
process.on("message", (message: { type: string }) => {
  if (message.type === "entity-fetches") process.send!({ type: "entity-fetches", count: insight.entityFetches() });
});
const shutdown = async () => {
  await gateway.stop();
  await Promise.all([market.stop(), insight.stop()]);
  process.exit(0);
};
process.on("SIGTERM", shutdown);
// Forked with IPC by run.ts: if the runner dies, do not outlive it.
process.on("disconnect", shutdown);

// Profiles one gateway's query path in-process: `node --cpu-prof --import tsx bench/queries/profile.ts
// [stock|tickergraph] [requests=400] [concurrency=10]`, then read the .cpuprofile (Chrome DevTools, or
// bench/queries/top-frames.ts). Sharing is off unless QUERY_SHARING says otherwise: the profile is of execution.
import { readFileSync } from "node:fs";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { composeServices } from "@apollo/composition";
import { loadConfig } from "@tickergraph/config";
import { start } from "@tickergraph/gateway";
import { parse } from "graphql";
import { startFixtureSubgraphs } from "../../gateway/test/fixtures/benchmark-subgraphs.js";

const [which = "tickergraph", total = "400", concurrency = "10"] = process.argv.slice(2);
const DATA = new URL("../../../shared/bench-data/gateway-benchmark/", import.meta.url);
const fixtures = await startFixtureSubgraphs(new URL("data.json", DATA).pathname);
const { supergraphSdl, errors } = composeServices(
  Object.entries(fixtures.typeDefs).map(([name, sdl]) => ({ name, url: fixtures.urls[name], typeDefs: parse(sdl) })),
);
if (errors) throw errors[0];
let url: string;
let stop: () => Promise<void>;
if (which === "stock") {
  const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) });
  url = (await startStandaloneServer(server, { listen: { port: 0 } })).url;
  stop = () => server.stop();
} else {
  const gateway = await start(loadConfig({ LOG_LEVEL: "warn", QUERY_SHARING: process.env.QUERY_SHARING ?? "false" }), {
    supergraphSdl,
    subgraphUrls: fixtures.urls,
    port: 0,
  });
  url = gateway.url;
  stop = () => gateway.stop();
}
const body = JSON.stringify({ query: readFileSync(new URL("query.graphql", DATA), "utf8") });
let sent = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: Number(concurrency) }, async () => {
    while (sent++ < Number(total)) {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
      await response.text();
    }
  }),
);
const elapsed = performance.now() - started;
console.log(`${which}: ${total} requests in ${elapsed.toFixed(0)} ms, ${(Number(total) / (elapsed / 1000)).toFixed(0)} req/s, ${(fixtures.requests() / Number(total)).toFixed(1)} subgraph requests each`);
await stop();
await fixtures.close();

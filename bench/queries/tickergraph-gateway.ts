// Tickergraph's gateway (the real `start()`, subscriptions attached and all) over the bench's supergraph.
// Run as its own process (the bench pins it to one core): argv = supergraph file, port, subgraph URLs as JSON.
import { readFileSync } from "node:fs";
import { loadConfig } from "@tickergraph/config";
import { start } from "@tickergraph/gateway";

const [supergraphPath, port, urls] = process.argv.slice(2);
// The benchmark query is far past the default cost limit (stock has none): the bench lifts it, and passes the
// scenario's QUERY_SHARING through.
const config = loadConfig({
  LOG_LEVEL: "warn",
  JWT_SECRET: "bench-only-secret-that-is-long-enough-1234",
  QUERY_SHARING: process.env.QUERY_SHARING,
  OPERATION_MAX_COST: "100000000",
  OPERATION_MAX_DEPTH: "32",
});
const gateway = await start(config, {
  supergraphSdl: readFileSync(supergraphPath!, "utf8"),
  subgraphUrls: JSON.parse(urls!) as Record<string, string>,
  port: Number(port),
});
process.send?.({ ready: gateway.url });
process.on("SIGTERM", () => void gateway.stop().then(() => process.exit(0)));

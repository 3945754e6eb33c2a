// The benchmark's servers, each role its own process so the gateway's CPU and RSS are its own:
//   `subgraphs` starts every subgraph on real Postgres, Kafka and Redis and prints their URLs as one READY line;
//   `gateway <urls-json>` starts the gateway over them and prints its URL the same way.
// Both serve until their parent goes away.
import { existsSync } from "node:fs";
import { SERVICE_NAMES } from "@tickergraph/config";
import { ensureDomainTopics } from "@tickergraph/events";
import { testConfig } from "@tickergraph/testing";
import { start as startGateway } from "../../gateway/src/index.js";
import { READY } from "./stack-protocol.js";

const [role = "", runId = "", shareTickMs = "5000", extra = "{}"] = process.argv.slice(2);
const config = testConfig(runId, { logLevel: "error", ticks: { shareValueMs: Number(shareTickMs) } });
const stops: Array<() => Promise<void>> = [];

if (role === "subgraphs") {
  await ensureDomainTopics(config.kafka);
  const urls: Record<string, string> = {};
  for (const name of SERVICE_NAMES) {
    if (!existsSync(new URL(`../../subgraphs/${name}/src/index.ts`, import.meta.url))) continue;
    const service = (await import(`@tickergraph/subgraph-${name}`)) as {
      start(c: typeof config): Promise<{ url: string; stop(): Promise<void> }>;
    };
    const running = await service.start(config);
    urls[name] = running.url;
    stops.push(running.stop);
  }
  process.stdout.write(`${READY}${JSON.stringify(urls)}\n`);
} else if (role === "gateway") {
  const gateway = await startGateway(config, { subgraphUrls: JSON.parse(extra) as Record<string, string> });
  stops.push(gateway.stop);
  process.stdout.write(`${READY}${JSON.stringify({ url: gateway.url })}\n`);
} else {
  throw new Error(`unknown role ${role}`);
}

const shutdown = async () => {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("disconnect", shutdown);

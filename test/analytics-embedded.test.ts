// Analytics in the embedded mode (`npm start`: PGlite, in-process bus and hub), through the gateway. The share
// ticker is too slow to tick: the test publishes share-value changes on the shared bus, as the user service would.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "@tickergraph/config";
import type { EmbeddedStack } from "../scripts/embedded/launcher.js";
import { startEmbedded } from "../scripts/embedded/launcher.js";
import { runAnalyticsFlow } from "./flows/analytics-flow.js";

describe("analytics through the gateway (embedded)", () => {
  let stack: EmbeddedStack;
  beforeAll(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "tickergraph-analytics-"));
    stack = await startEmbedded(
      loadConfig({
        DATA_DIR: dataDir,
        GATEWAY_PORT: "0",
        USER_PORT: "0",
        MARKET_PORT: "0",
        ALERT_PORT: "0",
        NOTIFICATION_PORT: "0",
        ANALYTICS_PORT: "0",
        ANALYTICS_GRPC_PORT: "0",
        SHARE_TICK_MS: "3600000",
        PRICE_TICK_MS: "250",
        ANALYTICS_FLUSH_MS: "100",
        LOG_LEVEL: "warn",
      }),
    );
    // Every subgraph migrates its PGlite schema at start: minutes on a loaded two-core machine.
  }, 300_000);
  afterAll(async () => stack?.stop());

  it("keeps spending, statistics and recommendations exact, per user, once per event", async () => {
    await runAnalyticsFlow(stack.gatewayUrl, (events) => stack.bus.publish(events));
  });

  it("reports analytics ready, and serves its metrics", async () => {
    const ready = await fetch(new URL("/ready", stack.gatewayUrl));
    expect(ready.status).toBe(200);
    expect(
      ((await ready.json()) as { subgraphs: Array<{ name: string }> }).subgraphs.map((s: { name: string }) => s.name),
    ).toContain("analytics");
    const metrics = await (await fetch(new URL("/metrics", stack.subgraphUrls.analytics))).text();
    expect(metrics).toMatch(/tickergraph_kafka_consumer_lag\{[^}]*group="analytics\.spending"[^}]*\} 0/);
  });
});

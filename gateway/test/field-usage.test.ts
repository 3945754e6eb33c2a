// Field usage: what the gateway counts per operation on HTTP and subscriptions, and that its export is what
// `schema:check --usage` reads.
import { parse } from "graphql";
import client from "prom-client";
import { createClient as createWsClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { graphqlRequest, withTimeout } from "@tickergraph/testing";
import { readUsage } from "../../scripts/schema-check/usage.js";
import type { FieldUsageExport } from "../src/field-usage/index.js";
import { FIELD_USAGE_METRIC, FieldUsage } from "../src/field-usage/index.js";
import { composeFixtureSupergraph, startInsightSubgraph, startTickerSubgraph } from "./fixtures/ticker-subgraphs.js";
import { startTrustedDocumentsGateway } from "./fixtures/trusted-documents-gateway.js";

const SECRET = "field-usage-test-secret-at-least-32-chars";

describe("FieldUsage", () => {
  it("counts each schema field once per operation, nothing for unknown fields or introspection", async () => {
    const registry = new client.Registry();
    const usage = FieldUsage.forSupergraph(composeFixtureSupergraph(), registry);
    const operation = parse(`subscription { ticked(symbol: "A") { id trend again: trend related { id } } }`);
    usage.record(operation, Date.parse("2026-12-01T10:00:00Z"));
    usage.record(operation, Date.parse("2026-12-01T11:00:00Z"));
    usage.record(parse(`{ symbols made_up { up } __schema { types { name } } }`), Date.parse("2026-12-01T09:00:00Z"));
    expect(usage.export(new Date("2026-12-01T12:00:00Z"))).toEqual({
      format: "tickergraph-field-usage",
      version: 1,
      generatedAt: "2026-12-01T12:00:00.000Z",
      fields: {
        "Query.symbols": { count: 1, lastSeen: "2026-12-01T09:00:00.000Z" },
        "Subscription.ticked": { count: 2, lastSeen: "2026-12-01T11:00:00.000Z" },
        "Tick.id": { count: 2, lastSeen: "2026-12-01T11:00:00.000Z" },
        "Tick.related": { count: 2, lastSeen: "2026-12-01T11:00:00.000Z" },
        "Tick.trend": { count: 2, lastSeen: "2026-12-01T11:00:00.000Z" },
      },
    });
    const samples = (await registry.getSingleMetric(FIELD_USAGE_METRIC)!.get()).values;
    expect(samples.map((sample) => `${sample.labels.type}.${sample.labels.field}=${sample.value}`).sort()).toEqual([
      "Query.symbols=1",
      "Subscription.ticked=2",
      "Tick.id=2",
      "Tick.related=2",
      "Tick.trend=2",
    ]);
  });
});

describe("the gateway's field usage", () => {
  let ticker: Awaited<ReturnType<typeof startTickerSubgraph>>;
  let insight: Awaited<ReturnType<typeof startInsightSubgraph>>;
  let gateway: Awaited<ReturnType<typeof startTrustedDocumentsGateway>>;
  beforeAll(async () => {
    [ticker, insight] = await Promise.all([startTickerSubgraph(SECRET), startInsightSubgraph(SECRET)]);
    gateway = await startTrustedDocumentsGateway("allow", { ticker, insight }, SECRET);
  });
  afterAll(async () => {
    await gateway?.stop();
    await Promise.all([ticker?.stopAndClose(), insight?.stop()]);
  });

  const usageExport = async () =>
    (await (await fetch(gateway.url.replace(/\/graphql$/, "/usage"))).json()) as FieldUsageExport;

  it("counts HTTP operations and graphql-ws subscriptions, exported in the format schema:check reads", async () => {
    expect((await graphqlRequest(gateway.url, "{ symbols }")).data).toEqual({ symbols: ["AAPL"] });
    expect((await graphqlRequest(gateway.url, "query Again { symbols }")).data).toEqual({ symbols: ["AAPL"] });
    expect((await graphqlRequest(gateway.url, "{ symbols nope }")).errors?.[0]?.extensions?.code).toBe(
      "GRAPHQL_VALIDATION_FAILED",
    );

    const ws = createWsClient({ url: gateway.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const feed = ws.iterate({ query: `subscription { ticked(symbol: "FU") { id trend } }` });
      const first = feed.next();
      let delivered = false;
      void first.finally(() => (delivered = true));
      for (let i = 0; !delivered && i < 400; i++) {
        await ticker.tick({ id: `fu-${i}`, symbol: "FU", price: i });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect((await withTimeout(first, 5_000, "the tick")).value).toMatchObject({
        data: { ticked: { id: expect.any(String) } },
      });
      await feed.return?.();
    } finally {
      await ws.dispose();
    }

    const exported = await usageExport();
    expect(exported.fields).toMatchObject({
      "Query.symbols": { count: 2 },
      "Subscription.ticked": { count: 1 },
      "Tick.trend": { count: 1 },
    });
    expect(Object.keys(exported.fields)).not.toContain("Query.nope");
    const usage = readUsage(JSON.stringify(exported), 1);
    expect(usage.use("Query.symbols")?.count).toBe(2);
    expect(usage.use("Tick")?.count).toBe(2); // Tick.id + Tick.trend

    const metrics = await (await fetch(gateway.url.replace(/\/graphql$/, "/metrics"))).text();
    expect(metrics).toMatch(/tickergraph_gateway_field_usage_total\{type="Query",field="symbols"\} \d+/);
  });
});

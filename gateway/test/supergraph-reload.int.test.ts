// Any supergraph, and a supergraph that changes under a running gateway: subgraph URLs come from the supergraph
// itself, and a rewritten file is applied without a restart — queries see the new schema, open subscriptions keep
// their upstream while their root field exists and end with SCHEMA_CHANGED when it is gone.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenService } from "@tickergraph/auth";
import { loadConfig } from "@tickergraph/config";
import { createLogger } from "@tickergraph/telemetry";
import type { LiveSubscription } from "@tickergraph/testing";
import { collect, graphqlRequest, nextValue, openSubscription, until, withTimeout } from "@tickergraph/testing";
import type { RunningGateway } from "../src/index.js";
import { start } from "../src/index.js";
import { SECRET } from "./fixtures/subscription-gateway.js";
import {
  composeFixtureSupergraph,
  startInsightSubgraph,
  startTickerSubgraph,
  TICKER_SDL,
  trendOf,
} from "./fixtures/ticker-subgraphs.js";

describe("any supergraph, reloaded while running", () => {
  let ticker: Awaited<ReturnType<typeof startTickerSubgraph>>;
  let insight: Awaited<ReturnType<typeof startInsightSubgraph>>;
  let gateway: RunningGateway;
  let dir: string;
  let file: string;
  const open: LiveSubscription[] = [];
  const compose = (tickerSdl = TICKER_SDL) =>
    composeFixtureSupergraph({ ticker: ticker.url, insight: insight.url }, tickerSdl);
  const subscribe = (query: string, token?: string) => {
    const live = openSubscription(gateway.wsUrl, query, {}, token);
    open.push(live);
    return live;
  };
  /** Rewrites the file and waits until the gateway has applied it. */
  const rewrite = async (supergraphSdl: string) => {
    const before = gateway.supergraph.reloads;
    await writeFile(file, supergraphSdl);
    await until("the gateway to apply the new supergraph", () => gateway.supergraph.reloads > before, 15_000);
    return gateway.supergraph.lastReload;
  };
  const subscriptionFields = async () => {
    const response = await graphqlRequest<{ __type: { fields: Array<{ name: string }> } }>(
      gateway.url,
      `{ __type(name: "Subscription") { fields { name } } }`,
    );
    return response.data?.__type.fields.map((field) => field.name).sort();
  };

  beforeAll(async () => {
    ticker = await startTickerSubgraph(SECRET);
    insight = await startInsightSubgraph(SECRET);
    dir = await mkdtemp(join(tmpdir(), "tickergraph-supergraph-"));
    file = join(dir, "supergraph.graphql");
    await writeFile(file, compose());
    // Neither subgraph is one of the five built-in names, and no URL is configured: they come from the file.
    const config = loadConfig({ SUPERGRAPH_PATH: file, JWT_SECRET: SECRET });
    gateway = await start(config, {
      port: 0,
      logger: createLogger("gateway", process.env.TEST_LOG_LEVEL === "debug" ? "debug" : "silent"),
    });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(open.splice(0).map((live) => live.dispose()));
    await gateway?.stop();
    await Promise.all([ticker?.stopAndClose(), insight?.stop()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("serves a supergraph of arbitrary subgraphs, reaching each at the URL the supergraph carries", async () => {
    expect(await graphqlRequest(gateway.url, `{ symbols }`)).toEqual({ status: 200, data: { symbols: ["AAPL"] } });
    const feed = subscribe(`subscription { ticked(symbol: "URL") { id trend } }`);
    const first = nextValue(feed);
    await until("the upstream", () => ticker.hub.stats().listeners === 1);
    await ticker.tick({ id: "u1", symbol: "URL", price: 1 });
    expect(await first).toEqual({ data: { ticked: { id: "u1", trend: trendOf("u1") } } });
    await feed.dispose();
    await until("the upstream to close", () => ticker.hub.stats().listeners === 0);
  });

  it("keeps open subscriptions on their upstream across a reload that keeps their field", async () => {
    const feed = subscribe(`subscription { ticked(symbol: "KEEP") { id price trend } }`);
    const events = collect(feed, 2);
    await until("the upstream", () => ticker.hub.stats().listeners === 1);
    await ticker.tick({ id: "k1", symbol: "KEEP", price: 1 });

    const changed = TICKER_SDL.replace(
      "type Query { symbols: [String!]! }",
      "type Query { symbols: [String!]! exchanges: [String!]! }",
    );
    expect(await rewrite(compose(changed))).toEqual({ kept: 1, moved: 0, ended: 0 });
    // The same upstream subscription served the event after the reload: the subgraph never saw a re-subscribe.
    expect(ticker.hub.stats().listeners).toBe(1);
    await ticker.tick({ id: "k2", symbol: "KEEP", price: 2 });
    expect(await withTimeout(events, 10_000, "events across the reload")).toEqual([
      { data: { ticked: { id: "k1", price: 1, trend: trendOf("k1") } } },
      { data: { ticked: { id: "k2", price: 2, trend: trendOf("k2") } } },
    ]);
    // Queries go through the new schema too.
    const query = await graphqlRequest<{ __type: { fields: Array<{ name: string }> } }>(
      gateway.url,
      `{ __type(name: "Query") { fields { name } } }`,
    );
    expect(query.data?.__type.fields.map((f) => f.name).sort()).toEqual(["exchanges", "symbols"]);
    await feed.dispose();
  });

  it("ends a subscription whose root field the new schema removed with SCHEMA_CHANGED, and keeps the others", async () => {
    await rewrite(compose());
    await until("no upstream left", () => ticker.hub.stats().listeners === 0);
    const token = await new TokenService(SECRET, 3600).issue({ userId: "rita", email: "rita@example.com" });
    const doomed = subscribe(`subscription { ticked(symbol: "GONE") { id } }`);
    const kept = subscribe(`subscription { myTicks { id trend } }`, token);
    const doomedEnd = doomed.next();
    const keptEvent = kept.next();
    await until("both upstreams", () => ticker.hub.stats().listeners === 2);

    const removed = TICKER_SDL.replace("ticked(symbol: String!): Tick!", "tickedFor(symbol: String!): Tick!");
    expect(await rewrite(compose(removed))).toEqual({ kept: 1, moved: 0, ended: 1 });
    await expect(withTimeout(doomedEnd, 10_000, "the end of the removed field's subscription")).rejects.toEqual([
      expect.objectContaining({ message: expect.stringContaining("ticked"), extensions: { code: "SCHEMA_CHANGED" } }),
    ]);
    await until("the removed field's upstream to close", () => ticker.hub.stats().listeners === 1);
    await ticker.tickFor("rita", { id: "r1", symbol: "R", price: 1 });
    expect((await withTimeout(keptEvent, 10_000, "the kept subscription's event")).value).toEqual({
      data: { myTicks: { id: "r1", trend: trendOf("r1") } },
    });
    expect(await subscriptionFields()).toEqual(["myTicks", "tickedFor"]);
    await kept.dispose();
  });

  it("keeps the current supergraph when given one that does not validate", async () => {
    const before = { reloads: gateway.supergraph.reloads, sdl: gateway.supergraph.current };
    for (const invalid of ["type Query { this is not a supergraph", compose().replace(/join__Graph/g, "join__Nope")]) {
      expect(() => gateway.supergraph.apply(invalid, gateway.subscriptions.prepareReload)).toThrow();
    }
    expect(gateway.supergraph).toMatchObject({ reloads: before.reloads, current: before.sdl });
    expect(await subscriptionFields()).toEqual(["myTicks", "tickedFor"]);
  });
});

// The subscription engine end to end over two fixture subgraphs (no Kafka or Redis needed: the ticker subgraph is
// driven by hand): per-event entity resolution, deduplication, auth scopes, limits, slow clients, restarts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createClient as createWsClient } from "graphql-ws";
import { TokenService } from "@tickergraph/auth";
import { createClient as createSseClient } from "graphql-sse";
import type { LiveSubscription } from "@tickergraph/testing";
import { collect, nextValue, openSubscription, until, withTimeout } from "@tickergraph/testing";
import { SECRET, startFixtureStack } from "./fixtures/subscription-gateway.js";
import { trendOf } from "./fixtures/ticker-subgraphs.js";

type Stack = Awaited<ReturnType<typeof startFixtureStack>>;

describe("federated subscriptions", () => {
  let stack: Stack;
  const open: LiveSubscription[] = [];
  const subscribe = (query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const live = openSubscription(stack.wsUrl, query, variables, token);
    open.push(live);
    return live;
  };
  /** The ticker subgraph's live subscriptions: what the gateway holds open upstream, seen from the subgraph. */
  const upstreamListeners = () => stack.ticker.hub.stats().listeners;

  beforeAll(async () => {
    stack = await startFixtureStack({ maxDepth: 5, maxSubscriptionsPerConnection: 3 });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((live) => live.dispose()));
    await until(
      "every upstream to close after the test",
      () => stack.subscriptions.stats().upstreamSubscriptions === 0,
    );
    // The subgraph sees the close a moment later; a test that counts its listeners must start from zero.
    await until("the subgraph to drop every upstream", () => upstreamListeners() === 0);
  });
  afterAll(async () => stack?.stop());

  it("resolves fields of both subgraphs on every event, shaped by aliases, fragments, variables and directives", async () => {
    const feed = subscribe(
      `subscription Watch($symbol: String!, $withTrend: Boolean!, $skipPrice: Boolean!) {
         tick: ticked(symbol: $symbol) {
           ...Identity
           cost: price @skip(if: $skipPrice)
           ... on Tick { direction: trend @include(if: $withTrend) }
           __typename
         }
       }
       fragment Identity on Tick { id symbol }`,
      { symbol: "AAPL", withTrend: true, skipPrice: false },
    );
    const events = collect(feed, 2);
    await until("the upstream subscription", () => upstreamListeners() === 1);
    await stack.ticker.tick({ id: "a1", symbol: "AAPL", price: 101.5 });
    await stack.ticker.tick({ id: "a2", symbol: "AAPL", price: 102 });
    expect(await events).toEqual([
      { data: { tick: { id: "a1", symbol: "AAPL", cost: 101.5, direction: trendOf("a1"), __typename: "Tick" } } },
      { data: { tick: { id: "a2", symbol: "AAPL", cost: 102, direction: trendOf("a2"), __typename: "Tick" } } },
    ]);
  });

  it("leaves out skipped fields and opens no entity fetch the selection does not need", async () => {
    const feed = subscribe(`subscription($t: Boolean!) { ticked(symbol: "MSFT") { id trend @include(if: $t) } }`, {
      t: false,
    });
    const first = nextValue(feed);
    await until("the upstream subscription", () => upstreamListeners() === 1);
    await stack.ticker.tick({ id: "m1", symbol: "MSFT", price: 1 });
    expect(await first).toEqual({ data: { ticked: { id: "m1" } } });
  });

  it("delivers an entity fetch's error on that event and keeps the stream open", async () => {
    const feed = subscribe(`subscription { ticked(symbol: "ERR") { id price broken } }`);
    const events = collect(feed, 2);
    await until("the upstream subscription", () => upstreamListeners() === 1);
    await stack.ticker.tick({ id: "e1", symbol: "ERR", price: 1 });
    await stack.ticker.tick({ id: "e2", symbol: "ERR", price: 2 });
    const [first, second] = await events;
    for (const [event, id, price] of [
      [first!, "e1", 1],
      [second!, "e2", 2],
    ] as const) {
      expect(event.data).toEqual({ ticked: { id, price, broken: null } });
      expect(event.errors).toEqual([
        expect.objectContaining({
          message: "Internal server error",
          path: ["ticked", "broken"],
          extensions: { code: "INTERNAL_SERVER_ERROR", serviceName: "insight" },
        }),
      ]);
    }
  });

  it("shares one upstream subscription and one execution among 1 000 clients, and tears down to zero", async () => {
    const query = `subscription { ticked(symbol: "FAN") { id trend } }`;
    const clients = Array.from({ length: 1000 }, () => subscribe(query));
    const firsts = clients.map((client) => client.next());
    await until("1 000 attached clients", () => stack.subscriptions.stats().clientSubscriptions === 1000, 30_000);
    expect(stack.subscriptions.stats()).toMatchObject({
      connections: 1000,
      upstreamSubscriptions: 1,
      upstreamConnections: 1,
      executionGroups: 1,
    });
    await until("the upstream subscription", () => upstreamListeners() === 1);
    await stack.ticker.tick({ id: "f1", symbol: "FAN", price: 3 });
    const received = await withTimeout(Promise.all(firsts), 20_000, "the event on all 1 000 clients");
    for (const event of received) expect(event.value).toEqual({ data: { ticked: { id: "f1", trend: trendOf("f1") } } });
    expect(upstreamListeners()).toBe(1);

    await Promise.all(open.splice(0).map((live) => live.dispose()));
    await until("every socket to close", () => stack.subscriptions.stats().connections === 0);
    await until("the upstream to close", () => upstreamListeners() === 0);
    expect(stack.subscriptions.stats()).toEqual({
      connections: 0,
      clientSubscriptions: 0,
      upstreamSubscriptions: 0,
      upstreamConnections: 0,
      executionGroups: 0,
    });
    expect(stack.ticker.hub.stats()).toEqual({ channels: 0, listeners: 0 });
  });

  it("opens one upstream per distinct primary operation and variables, and one execution per selection", async () => {
    const a1 = subscribe(`subscription { ticked(symbol: "AAA") { id trend } }`);
    const a2 = subscribe(`subscription { ticked(symbol: "AAA") { trend } }`);
    const b = subscribe(`subscription($s: String!) { ticked(symbol: $s) { id } }`, { s: "BBB" });
    const received = Promise.all([nextValue(a1), nextValue(a2), nextValue(b)]);
    await until("three attached clients", () => stack.subscriptions.stats().clientSubscriptions === 3);
    // Both AAA selections plan the same primary operation (the ticker subgraph is asked for the Tick's key, the
    // rest comes from insight): one upstream for AAA with two execution groups, one for BBB.
    expect(stack.subscriptions.stats()).toMatchObject({ upstreamSubscriptions: 2, executionGroups: 3 });
    await until("two upstream subscriptions", () => upstreamListeners() === 2);
    await stack.ticker.tick({ id: "x1", symbol: "AAA", price: 1 });
    await stack.ticker.tick({ id: "y1", symbol: "BBB", price: 1 });
    expect(await received).toEqual([
      { data: { ticked: { id: "x1", trend: trendOf("x1") } } },
      { data: { ticked: { trend: trendOf("x1") } } },
      { data: { ticked: { id: "y1" } } },
    ]);
  });

  it("keeps two users' user-scoped feeds apart: neither sees the other's events", async () => {
    const query = `subscription { myTicks { id seenBy } }`;
    const alice = subscribe(query, {}, await stack.token("alice"));
    const bob = subscribe(query, {}, await stack.token("bob"));
    const aliceEvents = collect(alice, 2);
    const bobEvents = collect(bob, 2);
    await until("both upstreams", () => upstreamListeners() === 2);
    expect(stack.subscriptions.stats()).toMatchObject({ upstreamSubscriptions: 2, upstreamConnections: 2 });
    await stack.ticker.tickFor("alice", { id: "alice-1", symbol: "A", price: 1 });
    await stack.ticker.tickFor("bob", { id: "bob-1", symbol: "B", price: 1 });
    await stack.ticker.tickFor("bob", { id: "bob-2", symbol: "B", price: 2 });
    await stack.ticker.tickFor("alice", { id: "alice-2", symbol: "A", price: 2 });
    expect((await aliceEvents).map((e) => e.data)).toEqual([
      { myTicks: { id: "alice-1", seenBy: "alice" } },
      { myTicks: { id: "alice-2", seenBy: "alice" } },
    ]);
    expect((await bobEvents).map((e) => e.data)).toEqual([
      { myTicks: { id: "bob-1", seenBy: "bob" } },
      { myTicks: { id: "bob-2", seenBy: "bob" } },
    ]);
  });

  it("shares a user-scoped upstream between two different tokens of the same user", async () => {
    const otherToken = await new TokenService(SECRET, 7200).issue({ userId: "carol", email: "carol@example.com" });
    const first = await stack.token("carol");
    expect(otherToken).not.toBe(first);
    const query = `subscription { myTicks { id } }`;
    const feeds = [subscribe(query, {}, first), subscribe(query, {}, otherToken)];
    const received = Promise.all(feeds.map((feed) => nextValue(feed)));
    await until("two attached clients", () => stack.subscriptions.stats().clientSubscriptions === 2);
    expect(stack.subscriptions.stats()).toMatchObject({
      upstreamSubscriptions: 1,
      upstreamConnections: 1,
      executionGroups: 1,
    });
    await until("the upstream", () => upstreamListeners() === 1);
    await stack.ticker.tickFor("carol", { id: "c1", symbol: "C", price: 1 });
    expect(await received).toEqual([{ data: { myTicks: { id: "c1" } } }, { data: { myTicks: { id: "c1" } } }]);
  });

  it("opens a public feed without credentials and resolves its entity fields as each caller", async () => {
    const query = `subscription { ticked(symbol: "PUB") { id seenBy } }`;
    const anonymous = subscribe(query);
    const dave = subscribe(query, {}, await stack.token("dave"));
    const received = Promise.all([nextValue(anonymous), nextValue(dave)]);
    await until("two attached clients", () => stack.subscriptions.stats().clientSubscriptions === 2);
    expect(stack.subscriptions.stats()).toMatchObject({ upstreamSubscriptions: 1, executionGroups: 2 });
    await until("the upstream", () => upstreamListeners() === 1);
    await stack.ticker.tick({ id: "p1", symbol: "PUB", price: 1 });
    expect(await received).toEqual([
      { data: { ticked: { id: "p1", seenBy: null } } },
      { data: { ticked: { id: "p1", seenBy: "dave" } } },
    ]);
  });

  it("resolves a public feed once per event for any number of distinct signed-in users: one entity fetch", async () => {
    const query = `subscription { ticked(symbol: "MANY") { id price trend } }`;
    const users = 50;
    const tokens = await Promise.all(Array.from({ length: users }, (_, i) => stack.token(`reader-${i}`)));
    const feeds = [subscribe(query), ...tokens.map((token) => subscribe(query, {}, token))];
    const received = Promise.all(feeds.map((feed) => collect(feed, 2)));
    await until("every client attached", () => stack.subscriptions.stats().clientSubscriptions === users + 1, 20_000);
    expect(stack.subscriptions.stats()).toMatchObject({
      upstreamSubscriptions: 1,
      upstreamConnections: 1,
      executionGroups: 1,
    });
    await until("the upstream", () => upstreamListeners() === 1);
    const before = stack.insight.entityFetches();
    await stack.ticker.tick({ id: "many-1", symbol: "MANY", price: 1 });
    await stack.ticker.tick({ id: "many-2", symbol: "MANY", price: 2 });
    const results = await withTimeout(received, 20_000, "both events on every client");
    for (const events of results) {
      expect(events).toEqual([
        { data: { ticked: { id: "many-1", price: 1, trend: trendOf("many-1") } } },
        { data: { ticked: { id: "many-2", price: 2, trend: trendOf("many-2") } } },
      ]);
    }
    expect(stack.insight.entityFetches() - before).toBe(2);
  });

  it("keeps a per-user group alive on its other client's token after the first client's token expires", async () => {
    const shortLived = await new TokenService(SECRET, 2).issue({ userId: "ivy", email: "ivy@example.com" });
    const longLived = await stack.token("ivy");
    const query = `subscription { myTicks { id seenBy } }`;
    // The short-lived client creates the group and its upstream; the long-lived one joins both.
    const first = subscribe(query, {}, shortLived);
    await until("the first client", () => stack.subscriptions.stats().clientSubscriptions === 1);
    const second = subscribe(query, {}, longLived);
    await until("both clients", () => stack.subscriptions.stats().clientSubscriptions === 2);
    expect(stack.subscriptions.stats()).toMatchObject({ upstreamSubscriptions: 1, executionGroups: 1 });
    await until("the upstream", () => upstreamListeners() === 1);
    expect(await withTimeout(first.closed, 5_000, "the first client's close at token expiry")).toBe(4401);
    await until("the first client to leave", () => stack.subscriptions.stats().clientSubscriptions === 1);

    // The subgraph closed the upstream socket opened with the expired token (4401); the feed subscribes again over
    // one opened with the token still held. Events published before that re-subscription are lost: tick until one
    // arrives, then two in a row.
    const firstAfter = nextValue(second, 20_000, "an event after the expiry");
    let arrived = false;
    void firstAfter.then(
      () => (arrived = true),
      () => (arrived = true),
    );
    for (let n = 0; !arrived; n++) {
      await stack.ticker.tickFor("ivy", { id: `ivy-0-${n}`, symbol: "I", price: 1 });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await firstAfter).toMatchObject({ data: { myTicks: { seenBy: "ivy" } } });
    await stack.ticker.tickFor("ivy", { id: "ivy-1", symbol: "I", price: 1 });
    await stack.ticker.tickFor("ivy", { id: "ivy-2", symbol: "I", price: 2 });
    // Ticks still in flight from the loop may come first; after them, both new ones in order.
    const seen: unknown[] = [];
    while (seen.at(-1) !== "ivy-2") {
      const event = await nextValue(second, 10_000, "events after the expiry");
      if (!String(event.data?.myTicks?.id).startsWith("ivy-0-")) seen.push(event.data?.myTicks?.id);
    }
    expect(seen).toEqual(["ivy-1", "ivy-2"]);
    // A reconnect of the shared upstream (a subgraph restart) must use the token still held, not the expired one.
    await stack.ticker.restart();
    await until("the upstream to re-subscribe", () => upstreamListeners() === 1, 20_000);
    const after = nextValue(second);
    await stack.ticker.tickFor("ivy", { id: "ivy-3", symbol: "I", price: 3 });
    expect(await withTimeout(after, 10_000, "an event after the reconnect")).toEqual({
      data: { myTicks: { id: "ivy-3", seenBy: "ivy" } },
    });
  });

  it("refuses a user-scoped feed to an anonymous client with UNAUTHENTICATED", async () => {
    const feed = subscribe(`subscription { myTicks { id } }`);
    await expect(nextValue(feed)).rejects.toEqual([
      expect.objectContaining({ extensions: { code: "UNAUTHENTICATED" } }),
    ]);
    expect(stack.subscriptions.stats()).toMatchObject({ clientSubscriptions: 0, upstreamSubscriptions: 0 });
  });

  it("closes a connection that brings a forged or expired token with 4401", async () => {
    const expired = await new TokenService(SECRET, 0).issue({ userId: "erin", email: "erin@example.com" });
    for (const token of ["forged", expired]) {
      const feed = subscribe(`subscription { ticked(symbol: "AUTH") { id } }`, {}, token);
      await expect(nextValue(feed)).rejects.toBeTruthy();
      expect(await feed.closed).toBe(4401);
    }
  });

  it("closes a live connection with 4401 when its token expires, and tears its subscriptions down", async () => {
    const shortLived = await new TokenService(SECRET, 2).issue({ userId: "gina", email: "gina@example.com" });
    const feed = subscribe(`subscription { myTicks { id } }`, {}, shortLived);
    const first = nextValue(feed);
    await until("the upstream", () => upstreamListeners() === 1);
    await stack.ticker.tickFor("gina", { id: "g1", symbol: "G", price: 1 });
    expect(await first).toEqual({ data: { myTicks: { id: "g1" } } });
    // The token was valid at connection_init; the socket must not outlive it.
    expect(await withTimeout(feed.closed, 5_000, "the close at token expiry")).toBe(4401);
    await until("the subscription to be torn down", () => stack.subscriptions.stats().clientSubscriptions === 0);
  });

  it("ends an SSE stream with UNAUTHENTICATED when its token expires", async () => {
    const shortLived = await new TokenService(SECRET, 2).issue({ userId: "hal", email: "hal@example.com" });
    const client = createSseClient({
      url: `${stack.url}/stream`,
      headers: { authorization: `Bearer ${shortLived}` },
      retryAttempts: 0,
    });
    try {
      const stream = client.iterate({ query: `subscription { myTicks { id } }` });
      const expired = await withTimeout(stream.next(), 5_000, "the result at token expiry");
      expect(expired.value).toEqual({
        errors: [expect.objectContaining({ message: "Token expired", extensions: { code: "UNAUTHENTICATED" } })],
      });
      expect((await withTimeout(stream.next(), 5_000, "the end of the stream")).done).toBe(true);
      await until("the subscription to be torn down", () => stack.subscriptions.stats().clientSubscriptions === 0);
    } finally {
      client.dispose();
    }
  });

  it("refuses an operation deeper than the limit, invalid ones and non-subscriptions, with clear errors", async () => {
    const deep = subscribe(
      `subscription { ticked(symbol: "D") { related { related { related { related { related { id } } } } } } }`,
    );
    await expect(nextValue(deep)).rejects.toEqual([
      expect.objectContaining({
        message: "Operation depth 7 exceeds the limit of 5",
        extensions: { code: "BAD_USER_INPUT" },
      }),
    ]);
    const invalid = subscribe(`subscription { ticked(symbol: "D") { nope } }`);
    await expect(nextValue(invalid)).rejects.toEqual([
      expect.objectContaining({
        message: expect.stringContaining("nope"),
        extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
      }),
    ]);
    const query = subscribe(`query { symbols }`);
    await expect(nextValue(query)).rejects.toEqual([
      expect.objectContaining({ extensions: { code: "BAD_USER_INPUT" } }),
    ]);
    expect(stack.subscriptions.stats()).toMatchObject({ clientSubscriptions: 0, upstreamSubscriptions: 0 });
  });

  it("refuses a subscription past the per-connection limit and keeps the others running", async () => {
    const client = createWsClient({ url: stack.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const iterators = ["L1", "L2", "L3", "L4"].map((symbol) =>
        client.iterate({ query: `subscription { ticked(symbol: "${symbol}") { id } }` }),
      );
      const firsts = iterators.map((iterator) => iterator.next());
      await expect(firsts[3]).rejects.toEqual([
        expect.objectContaining({ message: "At most 3 subscriptions per connection" }),
      ]);
      await until("three upstreams", () => upstreamListeners() === 3);
      for (const symbol of ["L1", "L2", "L3"]) await stack.ticker.tick({ id: symbol, symbol, price: 1 });
      expect((await Promise.all(firsts.slice(0, 3))).map((r) => r.value)).toEqual(
        ["L1", "L2", "L3"].map((id) => ({ data: { ticked: { id } } })),
      );
      await Promise.all(iterators.map((iterator) => iterator.return?.()));
    } finally {
      await client.dispose();
    }
  });

  it("serves the same feeds over SSE, with the token in the Authorization header", async () => {
    const token = await stack.token("frank");
    const client = createSseClient({
      url: `${stack.url}/stream`,
      headers: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    try {
      const mine = client.iterate({ query: `subscription { myTicks { id trend seenBy } }` });
      const first = mine.next();
      await until("the upstream", () => upstreamListeners() === 1);
      await stack.ticker.tickFor("frank", { id: "s1", symbol: "S", price: 1 });
      expect((await withTimeout(first, 10_000, "the SSE event")).value).toEqual({
        data: { myTicks: { id: "s1", trend: trendOf("s1"), seenBy: "frank" } },
      });
      await mine.return?.();
      await until("the upstream to close", () => upstreamListeners() === 0);
    } finally {
      client.dispose();
    }
    const forged = createSseClient({
      url: `${stack.url}/stream`,
      headers: { authorization: "Bearer forged" },
      retryAttempts: 0,
    });
    // graphql-sse rejects with the refused response: 401 and the UNAUTHENTICATED code in its body.
    const refusal = await forged
      .iterate({ query: `subscription { myTicks { id } }` })
      .next()
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refusal).toMatchObject({ response: { status: 401 } });
    forged.dispose();
  });

  it("counts connections, subscriptions, events in and out and delivery latency on the gateway's own registry", async () => {
    const read = async (name: string, sample = name) => {
      const metric = (await stack.metrics.getSingleMetric(name)!.get()) as {
        values: Array<{ metricName?: string; value: number }>;
      };
      return metric.values.find((v) => (v.metricName ?? name) === sample)?.value ?? 0;
    };
    const before = {
      eventsIn: await read("tickergraph_gateway_events_in_total"),
      messagesOut: await read("tickergraph_gateway_messages_out_total"),
      latencies: await read(
        "tickergraph_gateway_delivery_latency_seconds",
        "tickergraph_gateway_delivery_latency_seconds_count",
      ),
    };
    const query = `subscription { ticked(symbol: "MET") { id trend } }`;
    const feeds = [subscribe(query), subscribe(query), subscribe(query)];
    const received = Promise.all(feeds.map((feed) => nextValue(feed)));
    await until("the upstream", () => upstreamListeners() === 1);
    await until("three attached clients", () => stack.subscriptions.stats().clientSubscriptions === 3);
    expect(await read("tickergraph_gateway_ws_connections")).toBe(3);
    expect(await read("tickergraph_gateway_subscriptions_active")).toBe(3);
    expect(await read("tickergraph_gateway_subscriptions_upstream")).toBe(1);
    await stack.ticker.tick({ id: "met1", symbol: "MET", price: 1 });
    await received;
    expect(await read("tickergraph_gateway_events_in_total")).toBe(before.eventsIn + 1);
    expect(await read("tickergraph_gateway_messages_out_total")).toBe(before.messagesOut + 3);
    // One execution for the three clients: one latency sample.
    expect(
      await read("tickergraph_gateway_delivery_latency_seconds", "tickergraph_gateway_delivery_latency_seconds_count"),
    ).toBe(before.latencies + 1);
  });
});

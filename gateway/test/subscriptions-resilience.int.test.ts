// The subscription engine when things go wrong: subgraph restarts and silent socket deaths, retries running out,
// slow and dead clients, connection limits, shutdown. Fixture subgraphs only (no Kafka or Redis needed).
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type client from "prom-client";
import type { LiveSubscription } from "@tickergraph/testing";
import { nextValue, openSubscription, until, withTimeout } from "@tickergraph/testing";
import { startFreezableProxy } from "./fixtures/freezable-proxy.js";
import { startFixtureStack } from "./fixtures/subscription-gateway.js";
import { trendOf } from "./fixtures/ticker-subgraphs.js";

type Stack = Awaited<ReturnType<typeof startFixtureStack>>;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function stackWith(...args: Parameters<typeof startFixtureStack>): Promise<Stack> {
  const stack = await startFixtureStack(...args);
  cleanups.push(() => stack.stop());
  return stack;
}

function subscribe(stack: Stack, query: string): LiveSubscription {
  const live = openSubscription(stack.wsUrl, query);
  cleanups.push(() => live.dispose());
  return live;
}

const zero = {
  connections: 0,
  clientSubscriptions: 0,
  upstreamSubscriptions: 0,
  upstreamConnections: 0,
  executionGroups: 0,
};

describe("upstream failures", () => {
  it("re-subscribes after the subgraph restarts, and the client keeps its subscription", async () => {
    const stack = await stackWith({ upstreamRetryAttempts: 10 });
    const feed = subscribe(stack, `subscription { ticked(symbol: "R") { id trend } }`);
    const first = nextValue(feed);
    await until("the upstream", () => stack.ticker.hub.stats().listeners === 1);
    await stack.ticker.tick({ id: "before", symbol: "R", price: 1 });
    expect(await first).toEqual({ data: { ticked: { id: "before", trend: trendOf("before") } } });

    await stack.ticker.restart();
    const after = nextValue(feed, 15_000, "an event after the restart");
    await until("the re-subscription", () => stack.ticker.hub.stats().listeners === 1, 15_000);
    await stack.ticker.tick({ id: "after", symbol: "R", price: 2 });
    expect(await after).toEqual({ data: { ticked: { id: "after", trend: trendOf("after") } } });
    expect(stack.subscriptions.stats()).toMatchObject({ clientSubscriptions: 1, upstreamSubscriptions: 1 });
  });

  it("notices an upstream socket that died silently (no pong) and reconnects through a fresh one", async () => {
    let tickerUrl = "";
    const proxy = await startFreezableProxy(() => ({ host: "127.0.0.1", port: Number(new URL(tickerUrl).port) }));
    const stack = await stackWith({ upstreamKeepAliveMs: 100 }, (url) => url.replace(/:\d+\//, `:${proxy.port}/`));
    tickerUrl = stack.ticker.url;
    // Cleanups run in reverse: the proxy goes first, or the subgraph would wait out the frozen socket's close.
    cleanups.push(() => proxy.close());
    const feed = subscribe(stack, `subscription { ticked(symbol: "F") { id } }`);
    const first = nextValue(feed);
    await until("the upstream", () => stack.ticker.hub.stats().listeners === 1);
    await stack.ticker.tick({ id: "f1", symbol: "F", price: 1 });
    expect(await first).toEqual({ data: { ticked: { id: "f1" } } });

    proxy.freeze();
    // The frozen subscription still exists on the subgraph (nothing told it); the new one joins it.
    const next = nextValue(feed, 10_000, "an event after the reconnect");
    await until("a fresh upstream subscription", () => stack.ticker.hub.stats().listeners === 2, 10_000);
    await stack.ticker.tick({ id: "f2", symbol: "F", price: 2 });
    expect(await next).toEqual({ data: { ticked: { id: "f2" } } });
  });

  it("ends the client's subscription with SUBGRAPH_UNAVAILABLE once retries run out, and frees everything", async () => {
    const stack = await stackWith({ upstreamRetryAttempts: 2 });
    const feed = subscribe(stack, `subscription { ticked(symbol: "GONE") { id } }`);
    const outcome = feed.next();
    await until("the upstream", () => stack.ticker.hub.stats().listeners === 1);
    await stack.ticker.stop();
    await expect(withTimeout(outcome, 15_000, "the subscription's end")).rejects.toEqual([
      {
        message: expect.stringContaining("ticker subgraph is unreachable"),
        extensions: expect.objectContaining({ code: "SUBGRAPH_UNAVAILABLE", serviceName: "ticker" }),
      },
    ]);
    expect(stack.subscriptions.stats()).toMatchObject({
      clientSubscriptions: 0,
      upstreamSubscriptions: 0,
      upstreamConnections: 0,
      executionGroups: 0,
    });
  });
});

describe("clients", () => {
  it("closes a client whose send buffer passes the cap; the others keep receiving and memory stays bounded", async () => {
    const stack = await stackWith({ maxBufferedBytes: 64 * 1024 });
    const closedSlow = stack.metrics.getSingleMetric("tickergraph_gateway_slow_clients_closed_total") as client.Counter;
    const closedBefore = (await closedSlow.get()).values[0]?.value ?? 0;
    const query = `subscription { ticked(symbol: "BIG") { id note } }`;
    const slow = await rawSubscriber(stack.wsUrl, query);
    const healthy = subscribe(stack, query);
    const healthyFirst = healthy.next();
    await until("two attached clients", () => stack.subscriptions.stats().clientSubscriptions === 2);
    await until("the upstream", () => stack.ticker.hub.stats().listeners === 1);
    slow.socket.pause(); // stops reading: the kernel buffers fill, then the gateway's send buffer grows

    const note = "x".repeat(256 * 1024);
    let pending: Promise<IteratorResult<unknown>> = healthyFirst;
    for (let i = 0; i < 400 && stack.subscriptions.stats().connections > 1; i++) {
      await stack.ticker.tick({ id: `big-${i}`, symbol: "BIG", price: i, note });
      const event = (await withTimeout(pending, 10_000, `event ${i} on the healthy client`)) as IteratorResult<{
        data: { ticked: { id: string } };
      }>;
      expect(event.value.data.ticked.id).toBe(`big-${i}`);
      pending = healthy.next();
    }
    expect(stack.subscriptions.stats()).toMatchObject({ connections: 1, clientSubscriptions: 1 });
    expect((await closedSlow.get()).values[0]?.value).toBe(closedBefore + 1);
    slow.socket.resume();
    expect([4008, 1006]).toContain(await slow.closed);

    await stack.ticker.tick({ id: "after-slow", symbol: "BIG", price: 0, note: "small" });
    expect(await withTimeout(pending, 10_000, "the event after the slow client left")).toMatchObject({
      value: { data: { ticked: { id: "after-slow" } } },
    });
  });

  it("refuses connections past the limit with 503 at the upgrade", async () => {
    const stack = await stackWith({ maxConnections: 2 });
    const feeds = [
      subscribe(stack, `subscription { ticked(symbol: "C") { id } }`),
      subscribe(stack, `subscription { ticked(symbol: "C") { id } }`),
    ];
    const firsts = feeds.map((feed) => feed.next());
    await until("two connections", () => stack.subscriptions.stats().connections === 2);
    const refused = new WebSocket(stack.wsUrl, "graphql-transport-ws");
    refused.on("error", () => undefined);
    const status = await withTimeout(
      new Promise<number | undefined>((resolve) =>
        refused.once("unexpected-response", (_request, response) => resolve(response.statusCode)),
      ),
      5000,
      "the refusal",
    );
    expect(status).toBe(503);
    refused.terminate();
    await until("the upstream", () => stack.ticker.hub.stats().listeners === 1);
    await stack.ticker.tick({ id: "c1", symbol: "C", price: 1 });
    for (const first of await Promise.all(firsts)) expect(first.value).toEqual({ data: { ticked: { id: "c1" } } });
  });

  it("drops a client that stops answering pings, and its upstream with it", async () => {
    // Long enough for the upstream to attach first on a loaded machine; the drop comes two intervals later.
    const stack = await stackWith({ keepAliveMs: 1000 });
    const silent = await rawSubscriber(stack.wsUrl, `subscription { ticked(symbol: "Q") { id } }`, { autoPong: false });
    await until("the upstream", () => stack.ticker.hub.stats().listeners === 1);
    expect(await withTimeout(silent.closed, 10_000, "the silent client's close")).toBe(1006);
    await until("the upstream to close", () => stack.ticker.hub.stats().listeners === 0);
    expect(stack.subscriptions.stats()).toEqual(zero);
  });

  it("closes every client with 1001 on shutdown and frees every upstream", async () => {
    const stack = await stackWith();
    const feeds = [
      subscribe(stack, `subscription { ticked(symbol: "S") { id } }`),
      subscribe(stack, `subscription { ticked(symbol: "T") { id } }`),
    ];
    for (const feed of feeds) void feed.next().catch(() => undefined);
    await until("two upstreams", () => stack.ticker.hub.stats().listeners === 2);
    await stack.subscriptions.close();
    expect(await Promise.all(feeds.map((feed) => feed.closed))).toEqual([1001, 1001]);
    expect(stack.subscriptions.stats()).toEqual(zero);
    await until("the subgraph to drop its subscriptions", () => stack.ticker.hub.stats().listeners === 0);
  });
});

/** A bare graphql-transport-ws client, for behaviour a well-behaved client library would hide (not reading, no pongs). */
async function rawSubscriber(url: string, query: string, options: { autoPong?: boolean } = {}) {
  const socket = new WebSocket(url, "graphql-transport-ws", options);
  const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
  socket.on("error", () => undefined);
  await new Promise((resolve) => socket.once("open", resolve));
  socket.send(JSON.stringify({ type: "connection_init", payload: {} }));
  await new Promise<void>((resolve) =>
    socket.on("message", (data) => {
      if (JSON.parse(String(data)).type === "connection_ack") resolve();
    }),
  );
  socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query } }));
  cleanups.push(async () => socket.terminate());
  return { socket, closed };
}

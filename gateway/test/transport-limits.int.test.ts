// Issue "no anonymous request can hurt the service", per client transport: each attack is replayed against a
// gateway started by the test, and the test asserts a typed answer AND that memory and the event loop stay
// bounded while it runs — plus shutdown, which every transport must announce (SHUTTING_DOWN, close code 1001).
import type { UntypedJson } from "@tickergraph/testing";
import net from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createClient as createSseClient } from "graphql-sse";
import { openSubscription, until } from "@tickergraph/testing";
import { nextPayload, openMultipart } from "./fixtures/multipart-reader.js";
import type { TransportGateway } from "./fixtures/transport-gateway.js";
import { startTransportGateway } from "./fixtures/transport-gateway.js";

const MiB = 1024 * 1024;

/** Samples heap growth and event-loop delay while `attack` runs. */
async function measured<T>(
  attack: () => Promise<T>,
): Promise<{ result: T; heapGrowthMiB: number; loopDelayP99Ms: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  histogram.enable();
  try {
    const result = await attack();
    return { result, heapGrowthMiB: (peak - before) / MiB, loopDelayP99Ms: histogram.percentile(99) / 1e6 };
  } finally {
    histogram.disable();
    clearInterval(sampler);
  }
}

/**
 * The event-loop delay (p99, ms) of this process while idle for a second: CI shares two cores with other work
 * (load averages of 25+ were seen), so a stall is judged against what the machine gives an idle loop right now.
 */
async function idleLoopDelayP99Ms(): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  histogram.disable();
  return histogram.percentile(99) / 1e6;
}

/** A raw HTTP request whose response is never read: the peer of a client that stopped reading. */
function nonReadingRequest(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body = "",
): net.Socket {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  socket.pause();
  const head = Object.entries({
    host: `${hostname}:${port}`,
    "content-length": String(Buffer.byteLength(body)),
    ...headers,
  })
    .map(([key, value]) => `${key}: ${value}`)
    .join("\r\n");
  socket.write(`${method} ${path} HTTP/1.1\r\n${head}\r\n\r\n${body}`);
  socket.on("error", () => undefined);
  return socket;
}

/**
 * Streams up to 600 MiB of JSON from one reused 1 MiB buffer (the test holds no copy) until the gateway answers;
 * returns the status, the body and how much was sent before the answer.
 */
async function sendHugeBody(url: string, path: string, framing: Record<string, string>) {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  const chunked = framing["transfer-encoding"] === "chunked";
  const head = Object.entries({
    host: `${hostname}:${port}`,
    "content-type": "application/json",
    accept: "text/event-stream",
    ...framing,
  })
    .map(([key, value]) => `${key}: ${value}`)
    .join("\r\n");
  const chunk = Buffer.alloc(MiB, "x");
  let response = "";
  let answered = false;
  socket.on("data", (data: Buffer) => {
    response += data.toString("utf8");
    answered = true;
  });
  socket.on("error", () => (answered = true));
  socket.write(`POST ${path} HTTP/1.1\r\n${head}\r\n\r\n`);
  let sent = 0;
  if (chunked) socket.write(`${(1).toString(16)}\r\n{\r\n`);
  while (!answered && sent < 600 && !socket.destroyed) {
    const flushed = chunked
      ? socket.write(`${chunk.length.toString(16)}\r\n`) && socket.write(chunk) && socket.write("\r\n")
      : socket.write(chunk);
    sent++;
    if (!flushed)
      await new Promise((resolve) => {
        socket.once("drain", resolve);
        socket.once("close", resolve);
        setTimeout(resolve, 200);
      });
  }
  await until("the gateway's answer", () => response.includes("\r\n\r\n{"), 20_000);
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.destroy();
  const status = Number(/^HTTP\/1\.1 (\d+)/.exec(response)?.[1]);
  const body = response.slice(response.indexOf("\r\n\r\n") + 4);
  return { status, body: chunkedBody(body), sentMiB: sent };
}

/** The JSON of a response body that may be chunked. */
function chunkedBody(body: string): string {
  const start = body.indexOf("{");
  const end = body.lastIndexOf("}");
  return body.slice(start, end + 1);
}

describe("transport bounds", () => {
  let stack: TransportGateway;
  const sockets: net.Socket[] = [];
  beforeAll(async () => {
    stack = await startTransportGateway({
      transportLimits: { maxMessageBytes: 64 * 1024, maxConnectionsPerAddress: 50 },
    });
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.destroy();
  });
  afterAll(async () => stack?.stop());

  const subscriptionBody = (symbol: string) =>
    JSON.stringify({ query: `subscription { ticked(symbol: "${symbol}") { id note } }` });

  it.each([
    ["a declared length", { "content-length": String(600 * MiB) }],
    ["chunked encoding", { "transfer-encoding": "chunked" }],
  ] as const)(
    "answers a 600 MB SSE body (%s) with 413 PAYLOAD_TOO_LARGE without buffering it",
    async (_how, framing) => {
      const idleDelay = await idleLoopDelayP99Ms();
      const { result, heapGrowthMiB, loopDelayP99Ms } = await measured(() =>
        sendHugeBody(stack.url, "/graphql/stream", framing),
      );
      expect(result.status).toBe(413);
      expect(JSON.parse(result.body).errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");
      expect(result.sentMiB).toBeLessThan(600);
      expect(heapGrowthMiB).toBeLessThan(32);
      expect(loopDelayP99Ms).toBeLessThan(Math.max(2500, 5 * idleDelay));
      const malformed = await fetch(stack.streamUrl, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: "{",
      });
      expect(malformed.status).toBe(400);
      expect(((await malformed.json()) as { errors: UntypedJson[] }).errors[0].extensions.code).toBe("BAD_REQUEST");
      expect(stack.errorLogs()).toEqual([]);
    },
  );

  it("closes a WebSocket that sends a frame over the limit with 1009, and keeps serving others", async () => {
    const big = openSubscription(stack.wsUrl, `subscription($pad: String) { ticked(symbol: "WS") { id } }`, {
      pad: "x".repeat(256 * 1024),
    });
    void big.next().catch(() => undefined);
    expect(await big.closed).toBe(1009);
    const ok = await fetch(stack.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ symbols }" }),
    });
    expect(ok.status).toBe(200);
  });

  it.each(["sse", "multipart"] as const)(
    "cuts %s clients that stop reading at the send-buffer cap: bounded memory, a responsive event loop",
    async (transport) => {
      const symbol = `SLOW-${transport}`;
      const idleDelay = await idleLoopDelayP99Ms();
      const { result, heapGrowthMiB, loopDelayP99Ms } = await measured(async () => {
        for (let i = 0; i < 10; i++) {
          sockets.push(
            transport === "sse"
              ? nonReadingRequest(
                  stack.url,
                  "POST",
                  "/graphql/stream",
                  { "content-type": "application/json", accept: "text/event-stream" },
                  subscriptionBody(symbol),
                )
              : nonReadingRequest(
                  stack.url,
                  "POST",
                  "/graphql",
                  { "content-type": "application/json", accept: 'multipart/mixed;subscriptionSpec="1.0"' },
                  subscriptionBody(symbol),
                ),
          );
        }
        await until(
          "10 slow subscribers upstream",
          () =>
            stack.ticker.hub.stats().listeners === 1 && stack.gateway.subscriptions.stats().clientSubscriptions === 10,
        );
        const note = "n".repeat(32 * 1024);
        // 400 events × 32 KiB = 12.5 MiB per subscriber, 125 MiB for all ten if nothing capped them.
        for (let i = 0; i < 400 && stack.gateway.subscriptions.stats().clientSubscriptions > 0; i++) {
          await stack.ticker.tick({ id: `s${i}`, symbol, price: i, note });
          if (i % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
        await until(
          "every slow subscriber to be cut off",
          () => stack.gateway.subscriptions.stats().clientSubscriptions === 0,
          20_000,
        );
        return stack.gateway.subscriptions.transportConnections();
      });
      await until(
        "their connections to be released",
        () => stack.gateway.subscriptions.transportConnections()[transport] === 0,
      );
      expect(result[transport]).toBeLessThanOrEqual(10);
      expect(heapGrowthMiB).toBeLessThan(60);
      // The subgraph, the gateway and this load share the test's event loop; judged against the idle loop's delay.
      expect(loopDelayP99Ms).toBeLessThan(Math.max(2500, 5 * idleDelay));
      expect(
        stack.logs.some((r) => r.msg === "closing a client that stopped reading" && r.transport === transport),
      ).toBe(true);
    },
  );

  it("caps live connections per client address across transports with TOO_MANY_CONNECTIONS", async () => {
    const capped = await startTransportGateway({ transportLimits: { maxConnectionsPerAddress: 3 } });
    try {
      const sse = createSseClient({ url: capped.streamUrl, retryAttempts: 0 });
      const events = [0, 1].map(() => sse.iterate({ query: `subscription { ticked(symbol: "CAP") { id } }` }));
      for (const iterator of events) void iterator.next().catch(() => undefined);
      const multipart = await openMultipart(capped.url, `subscription { ticked(symbol: "CAP") { id } }`);
      expect(multipart.status).toBe(200);
      await until("three connections", () => {
        const c = capped.gateway.subscriptions.transportConnections();
        return c.sse + c.multipart === 3;
      });
      const refused = await fetch(capped.streamUrl, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: subscriptionBody("CAP"),
      });
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { errors: UntypedJson[] }).errors[0].extensions.code).toBe(
        "TOO_MANY_CONNECTIONS",
      );
      const ws = new WebSocket(capped.wsUrl, "graphql-transport-ws");
      const status = await new Promise<number>((resolve) =>
        ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0)),
      );
      expect(status).toBe(503);
      multipart.abort();
      for (const iterator of events) await iterator.return?.();
      sse.dispose();
      await until("the slots to be released", () =>
        Object.values(capped.gateway.subscriptions.transportConnections()).every((n) => n === 0),
      );
    } finally {
      await capped.stop();
    }
  });
});

describe("shutdown", () => {
  it("ends SSE (both modes) and multipart with SHUTTING_DOWN and closes WebSockets with 1001", async () => {
    const stack = await startTransportGateway();
    const query = `subscription { ticked(symbol: "BYE") { id } }`;
    const ws = openSubscription(stack.wsUrl, query);
    void ws.next().catch(() => undefined);
    const sseResults = (["distinct", "single"] as const).map((mode) => {
      const client = createSseClient({ url: stack.streamUrl, retryAttempts: 0, singleConnection: mode === "single" });
      const results: UntypedJson[] = [];
      const done = new Promise<string>((resolve) => {
        client.subscribe(
          { query },
          { next: (r) => results.push(r), error: () => resolve("error"), complete: () => resolve("complete") },
        );
      });
      return { results, done };
    });
    const multipart = await openMultipart(stack.url, query);
    await until("four subscribers", () => stack.gateway.subscriptions.stats().clientSubscriptions === 4);

    await stack.stop();

    expect(await ws.closed).toBe(1001);
    for (const { results, done } of sseResults) {
      expect(await done).toBe("complete");
      expect(results.at(-1)?.errors?.[0]?.extensions?.code).toBe("SHUTTING_DOWN");
    }
    expect(await nextPayload(multipart.parts)).toEqual({
      payload: null,
      errors: [expect.objectContaining({ extensions: { code: "SHUTTING_DOWN" } })],
    });
    expect(await nextPayload(multipart.parts)).toBeUndefined();
  });
});

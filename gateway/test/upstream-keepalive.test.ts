// A gateway whose event loop is busy (a large fan-out, a starved process) must not mistake a pong it has not read
// yet for a dead upstream: that reconnect loses every event published meanwhile (subgraph feeds do not replay),
// which is how a 5 000-client benchmark run lost a whole tick. The subgraph runs in its own process, so its pongs
// arrive on time while this process is blocked.
import { fork } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@tickergraph/telemetry";
import { UpstreamConnections } from "../src/subscriptions/upstream.js";

/** Busy-waits `ms`: the event loop does nothing else meanwhile, as during a long synchronous fan-out. */
function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe("upstream keep-alive on a blocked event loop", () => {
  let server: ReturnType<typeof fork>;
  let url: string;
  beforeAll(async () => {
    server = fork(new URL("./fixtures/ticking-ws-server.mjs", import.meta.url).pathname, [], {
      stdio: ["ignore", "pipe", "inherit", "ipc"],
    });
    const [port] = (await once(createInterface({ input: server.stdout! }), "line")) as [string];
    url = `ws://127.0.0.1:${port}/graphql`;
  });
  afterAll(() => void server.kill());

  it("keeps the connection, and loses no event, while blocks longer than the pong timeout run", async () => {
    const keepAliveMs = 100;
    const upstream = new UpstreamConnections({ keepAliveMs, retryAttempts: 5, logger: createLogger("test", "silent") });
    const { client, release } = upstream.acquire(url, "public");
    const received: Array<{ n: number; connection: number }> = [];
    client.subscribe<{ n: number; connection: number }>(
      { query: "subscription { n }" },
      { next: (result) => received.push(result.data!), error: () => undefined, complete: () => undefined },
    );
    const deadline = Date.now() + 10_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    // Twenty blocks, each three pong timeouts long, with one turn of the loop between them: a ping is sent at the
    // end of almost every block, and its pong is waiting in the socket when the next block ends.
    for (let i = 0; i < 20; i++) {
      block(3 * keepAliveMs);
      await new Promise((r) => setTimeout(r, 0));
    }
    const count = received.length;
    while (received.length < count + 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    release();
    await upstream.close();
    expect(new Set(received.map((event) => event.connection))).toEqual(new Set([1]));
    expect(received.map((event) => event.n)).toEqual(received.map((_, i) => i + 1));
  }, 30_000);
});

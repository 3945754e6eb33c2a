// Regression: a client leaving while its upstream connection attempt fails must not crash the gateway
// (graphql-ws's dispose() rejects with the attempt's CloseEvent; the bench's 1 000 sessions hit it under load).
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "@tickergraph/telemetry";
import { UpstreamConnections } from "../src/subscriptions/upstream.js";

describe("UpstreamConnections release", () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  afterAll(() => void process.off("unhandledRejection", onUnhandled));

  it("releases a client whose connection attempt fails without an unhandled rejection", async () => {
    // A TCP server that accepts and hangs up at once: every WebSocket handshake to it fails.
    const server = createServer((socket) => socket.destroy()).listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const upstream = new UpstreamConnections({
      keepAliveMs: 1000,
      retryAttempts: 0,
      logger: createLogger("test", "silent"),
    });

    const { client, release } = upstream.acquire(url, "public");
    const failed = new Promise<void>((resolve) => {
      client.subscribe(
        { query: "subscription { x }" },
        { next: () => undefined, error: () => resolve(), complete: () => resolve() },
      );
    });
    release();
    await failed.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await upstream.close();
    server.close();
    expect(unhandled).toEqual([]);
  });
});

// The per-client subscription cap counts graphql-ws, SSE and multipart together: a client cannot go past it by
// spreading subscriptions over transports. Signed-in clients are counted per user; others would be per address.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createClient as createWsClient } from "graphql-ws";
import { createClient as createSseClient } from "graphql-sse";
import { withTimeout } from "@tickergraph/testing";
import { openMultipart } from "./fixtures/multipart-reader.js";
import { until } from "@tickergraph/testing";
import type { TransportGateway } from "./fixtures/transport-gateway.js";
import { startTransportGateway } from "./fixtures/transport-gateway.js";

const TICKED = `subscription($symbol: String!) { ticked(symbol: $symbol) { id price } }`;

describe("subscriptions per client across transports", () => {
  let stack: TransportGateway;
  beforeAll(async () => {
    stack = await startTransportGateway({ subscriptionLimits: { maxSubscriptionsPerClient: 3 } });
  });
  afterAll(async () => stack?.stop());

  const clientSubscriptions = () => stack.gateway.subscriptions.stats().clientSubscriptions;

  it("refuses the fourth subscription of one user whichever transport it comes on, and frees a slot at an end", async () => {
    const token = await stack.token("capped");
    const ws = createWsClient({
      url: stack.wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      connectionParams: { authorization: `Bearer ${token}` },
    });
    const sse = createSseClient({
      url: stack.streamUrl,
      retryAttempts: 0,
      headers: { authorization: `Bearer ${token}` },
    });
    const ignore = { next: () => undefined, error: () => undefined, complete: () => undefined };
    const stops = [
      ws.subscribe({ query: TICKED, variables: { symbol: "A" } }, ignore),
      ws.subscribe({ query: TICKED, variables: { symbol: "B" } }, ignore),
    ];
    await until("two graphql-ws subscriptions", () => clientSubscriptions() === 2);
    const stopSse = sse.subscribe({ query: TICKED, variables: { symbol: "C" } }, ignore);
    await until("the SSE subscription", () => clientSubscriptions() === 3);

    // Over the cap: multipart and graphql-ws both refuse with BAD_USER_INPUT.
    const refused = await openMultipart(stack.url, TICKED, { symbol: "D" }, token);
    expect(refused.status).toBe(400);
    expect(refused.json.errors[0]).toMatchObject({
      message: "At most 3 subscriptions per client over all transports",
      extensions: { code: "BAD_USER_INPUT" },
    });
    const wsRefusal = await withTimeout(
      new Promise<unknown>((resolve) =>
        ws.subscribe(
          { query: TICKED, variables: { symbol: "E" } },
          { next: resolve, error: resolve, complete: () => undefined },
        ),
      ),
      10_000,
      "the fourth subscription's refusal",
    );
    expect(wsRefusal).toEqual([expect.objectContaining({ extensions: { code: "BAD_USER_INPUT" } })]);
    // Another user is not affected.
    const other = await openMultipart(stack.url, TICKED, { symbol: "F" }, await stack.token("other"));
    expect(other.status).toBe(200);
    other.abort();

    // One ends (SSE): a multipart subscription fits again.
    stopSse();
    await until("the SSE subscription to end", () => clientSubscriptions() === 2);
    const admitted = await openMultipart(stack.url, TICKED, { symbol: "G" }, token);
    expect(admitted.status).toBe(200);
    admitted.abort();
    for (const stop of stops) stop();
    await until("every subscription to end", () => clientSubscriptions() === 0);
    await ws.dispose();
    sse.dispose();
  });
});

// Every client transport of the gateway, driven by third-party clients: the real graphql-ws client, the real
// graphql-sse client in both of its modes, and a reader of the multipart subscription spec. Each carries
// subscriptions, queries and mutations, and delivers a subgraph's refusal as an error with its code and the real
// subgraph name before the end — and none of a client's mistakes is logged at error level.
import type { UntypedJson } from "@tickergraph/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { Client as WsClient } from "graphql-ws";
import { createClient as createWsClient } from "graphql-ws";
import { createClient as createSseClient } from "graphql-sse";
import { until } from "@tickergraph/testing";
import { nextPayload, openMultipart } from "./fixtures/multipart-reader.js";
import { REFUSED_SYMBOL, trendOf } from "./fixtures/ticker-subgraphs.js";
import type { TransportGateway } from "./fixtures/transport-gateway.js";
import { startTransportGateway } from "./fixtures/transport-gateway.js";

const TICKED = `subscription($symbol: String!) { ticked(symbol: $symbol) { id price trend } }`;
const PUBLISH = `mutation($id: ID!, $symbol: String!, $price: Float!) { publishTick(id: $id, symbol: $symbol, price: $price) { id price trend } }`;

interface Outcome {
  results: Array<{ data?: UntypedJson; errors?: UntypedJson[] }>;
  /** How it ended: "complete", or the error the client's sink got. */
  end: "complete" | { error: unknown };
}

/** Runs one operation through a client's `subscribe(payload, sink)` and records everything until it ends. */
function run(
  client: {
    subscribe(
      payload: object,
      sink: { next(v: UntypedJson): void; error(e: unknown): void; complete(): void },
    ): () => void;
  },
  query: string,
  variables: Record<string, unknown>,
  until?: (results: Outcome["results"]) => boolean,
): Promise<Outcome> & { dispose(): void } {
  const results: Outcome["results"] = [];
  let dispose!: () => void;
  const done = new Promise<Outcome>((resolve) => {
    dispose = client.subscribe(
      { query, variables },
      {
        next: (value) => {
          results.push(value);
          if (until?.(results)) resolve({ results, end: "complete" });
        },
        error: (error) => resolve({ results, end: { error } }),
        complete: () => resolve({ results, end: "complete" }),
      },
    );
  });
  return Object.assign(done, { dispose: () => dispose() });
}

describe("client transports", () => {
  let stack: TransportGateway;
  let ws: WsClient;
  const sseClients = (token?: string) => ({
    distinct: createSseClient({
      url: stack.streamUrl,
      retryAttempts: 0,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    }),
    single: createSseClient({
      url: stack.streamUrl,
      singleConnection: true,
      retryAttempts: 0,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    }),
  });

  beforeAll(async () => {
    stack = await startTransportGateway();
    ws = createWsClient({ url: stack.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
  });
  afterAll(async () => {
    await ws?.dispose();
    await stack?.stop();
  });

  /** Waits until the ticker subgraph itself holds `count` subscriptions of the gateway (events before are lost). */
  const upstreamsReach = (count: number) =>
    until(
      `${count} upstream subscriptions`,
      () =>
        stack.gateway.subscriptions.stats().upstreamSubscriptions === count &&
        stack.ticker.hub.stats().listeners === count,
    );

  describe("a subgraph's refusal arrives as an error with its code and subgraph, before the end", () => {
    const expectRefusal = (errors: UntypedJson[] | undefined) => {
      expect(errors).toEqual([
        {
          message: `Unknown symbol(s): ${REFUSED_SYMBOL}`,
          extensions: { code: "BAD_USER_INPUT", field: "symbol", serviceName: "ticker" },
        },
      ]);
    };

    it("over graphql-ws: an `error` message", async () => {
      const outcome = await run(ws, TICKED, { symbol: REFUSED_SYMBOL });
      expect(outcome.results).toEqual([]);
      expectRefusal(outcome.end === "complete" ? undefined : (outcome.end.error as UntypedJson[]));
    });

    it.each(["distinct", "single"] as const)(
      "over SSE (%s connection mode): a last result, then complete",
      async (mode) => {
        const client = sseClients()[mode];
        const outcome = await run(client, TICKED, { symbol: REFUSED_SYMBOL });
        expect(outcome.end).toBe("complete");
        expect(outcome.results).toHaveLength(1);
        expectRefusal(outcome.results[0]!.errors);
        client.dispose();
      },
    );

    it("over multipart: a payload with the errors, then the end of the response", async () => {
      const live = await openMultipart(stack.url, TICKED, { symbol: REFUSED_SYMBOL });
      expect(live.status).toBe(200);
      const part = await nextPayload(live.parts);
      expectRefusal(part?.payload?.errors);
      expect(await nextPayload(live.parts)).toBeUndefined();
    });

    it("names the real subgraph, never the internal event source, on an event's errors", {
      timeout: 15_000,
    }, async () => {
      const feed = run(ws, TICKED, { symbol: "BROKEN" }, (results) => results.length === 1);
      await upstreamsReach(1);
      // price is non-null: an event without one fails in the ticker subgraph, which masks it.
      await stack.ticker.hub.publish("ticked:BROKEN", { id: "b1", symbol: "BROKEN" });
      const outcome = await feed.finally(() => feed.dispose());
      expect(outcome.results[0]!.errors?.[0]?.extensions).toEqual({
        code: "INTERNAL_SERVER_ERROR",
        serviceName: "ticker",
      });
      await upstreamsReach(0);
    });

    it("logs none of these client mistakes at error level", () => {
      expect(stack.errorLogs()).toEqual([]);
    });
  });

  describe("queries and mutations through the HTTP query path", () => {
    it("over graphql-ws: a mutation whose result spans two subgraphs reaches a subscriber on the same socket", async () => {
      const feed = run(ws, TICKED, { symbol: "WS" }, (results) => results.length === 1);
      await upstreamsReach(1);
      const mutation = await run(ws, PUBLISH, { id: "w1", symbol: "WS", price: 10 });
      expect(mutation).toEqual({
        results: [{ data: { publishTick: { id: "w1", price: 10, trend: trendOf("w1") } } }],
        end: "complete",
      });
      expect((await feed).results).toEqual([{ data: { ticked: { id: "w1", price: 10, trend: trendOf("w1") } } }]);
      feed.dispose();
      expect(await run(ws, `{ symbols }`, {})).toEqual({ results: [{ data: { symbols: ["AAPL"] } }], end: "complete" });
      await upstreamsReach(0);
    });

    it("over graphql-ws: a query's errors keep Apollo's codes", async () => {
      const invalid = await run(ws, `{ nope }`, {});
      expect(invalid.end).toBe("complete");
      expect(invalid.results[0]!.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      const unparsable = await run(ws, `{ symbols`, {});
      expect(unparsable.end).not.toBe("complete");
      expect((unparsable.end as { error: UntypedJson[] }).error[0].extensions.code).toBe("GRAPHQL_PARSE_FAILED");
    });

    it.each(["distinct", "single"] as const)(
      "over SSE (%s connection mode): queries, mutations and their errors",
      async (mode) => {
        const client = sseClients(await stack.token("sse-user"))[mode];
        expect(await run(client, `{ symbols }`, {})).toEqual({
          results: [{ data: { symbols: ["AAPL"] } }],
          end: "complete",
        });
        const id = `s-${mode}`;
        expect(await run(client, PUBLISH, { id, symbol: "SSE", price: 2 })).toEqual({
          results: [{ data: { publishTick: { id, price: 2, trend: trendOf(id) } } }],
          end: "complete",
        });
        const invalid = await run(client, `{ nope }`, {});
        expect(invalid.results[0]!.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
        const unparsable = await run(client, `subscription {`, {});
        expect(unparsable.results[0]!.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
        client.dispose();
      },
    );

    it.each(["distinct", "single"] as const)("over SSE (%s connection mode): subscription events", async (mode) => {
      const client = sseClients()[mode];
      const feed = run(client, TICKED, { symbol: `SSE-${mode}` }, (results) => results.length === 2);
      await upstreamsReach(1);
      await stack.ticker.tick({ id: "e1", symbol: `SSE-${mode}`, price: 1 });
      await stack.ticker.tick({ id: "e2", symbol: `SSE-${mode}`, price: 2 });
      expect((await feed).results.map((r) => r.data.ticked.id)).toEqual(["e1", "e2"]);
      feed.dispose();
      client.dispose();
      await upstreamsReach(0);
    });
  });

  describe("operation limits apply on every transport, before planning", () => {
    // 60 aliases of one field: over the 50-alias limit, whatever the operation type.
    const aliased = (type: "subscription" | "query") =>
      type === "subscription"
        ? `subscription { ticked(symbol: "L") { ${Array.from({ length: 60 }, (_, i) => `a${i}: id`).join(" ")} } }`
        : `{ ${Array.from({ length: 60 }, (_, i) => `a${i}: symbols`).join(" ")} }`;
    const expectLimit = (errors: UntypedJson[] | undefined) => {
      expect(errors?.[0]?.extensions).toMatchObject({ code: "OPERATION_LIMIT_EXCEEDED", limit: "aliases" });
    };

    it.each(["subscription", "query"] as const)("over graphql-ws (%s)", async (type) => {
      const outcome = await run(ws, aliased(type), {});
      expectLimit(outcome.end === "complete" ? outcome.results[0]?.errors : (outcome.end.error as UntypedJson[]));
    });

    it.each(["distinct", "single"] as const)("over SSE (%s connection mode)", async (mode) => {
      const client = sseClients()[mode];
      for (const type of ["subscription", "query"] as const)
        expectLimit((await run(client, aliased(type), {})).results[0]?.errors);
      client.dispose();
    });

    it("over multipart", async () => {
      const refused = await openMultipart(stack.url, aliased("subscription"));
      expect(refused.status).toBe(400);
      expectLimit(refused.json.errors);
      expect(stack.gateway.subscriptions.stats().upstreamSubscriptions).toBe(0);
    });
  });

  describe("multipart HTTP subscriptions", () => {
    it("streams heartbeats and events as payloads, and frees the upstream when the client leaves", async () => {
      const live = await openMultipart(stack.url, TICKED, { symbol: "MP" });
      expect(live.status).toBe(200);
      expect(live.contentType).toMatch(/^multipart\/mixed;\s*boundary="?graphql"?/);
      expect((await live.parts.next()).value).toEqual({}); // the first heartbeat
      await upstreamsReach(1);
      await stack.ticker.tick({ id: "m1", symbol: "MP", price: 3 });
      expect(await nextPayload(live.parts)).toEqual({
        payload: { data: { ticked: { id: "m1", price: 3, trend: trendOf("m1") } } },
      });
      live.abort();
      await upstreamsReach(0);
    });

    it("refuses a subscription over plain HTTP with 406 and a code, logged below error level", async () => {
      for (const accept of ["application/json", "multipart/mixed", "*/*"]) {
        const response = await fetch(stack.url, {
          method: "POST",
          headers: { "content-type": "application/json", accept },
          body: JSON.stringify({ query: TICKED, variables: { symbol: "X" } }),
        });
        expect(response.status).toBe(406);
        const body = (await response.json()) as { errors: UntypedJson[] };
        expect(body.errors[0].extensions.code).toBe("SUBSCRIPTION_TRANSPORT_REQUIRED");
        expect(body.errors[0].message).toMatch(/multipart\/mixed;subscriptionSpec/);
      }
      expect(stack.errorLogs()).toEqual([]);
    });

    it("leaves queries and mutations to Apollo, whatever the Accept header", async () => {
      const response = await fetch(stack.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: 'multipart/mixed;subscriptionSpec="1.0", application/json',
        },
        body: JSON.stringify({ query: `query subscriptionLike { symbols }` }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { symbols: ["AAPL"] } });
    });
  });
});

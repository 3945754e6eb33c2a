// The wallet seed's purchase, sent the way socket-first clients send it: the real `buy` mutation of the market
// subgraph, signed in, over graphql-ws and over GraphQL over SSE (both graphql-sse modes), through the gateway's
// query path against the real user and market subgraphs on Postgres, Kafka and Redis.
import { createClient as createSseClient } from "graphql-sse";
import { createClient as createWsClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { start as startMarket } from "@tickergraph/subgraph-market";
import { start as startUser } from "@tickergraph/subgraph-user";
import { graphqlRequest, requireInfra, testConfig, uniqueRunId } from "@tickergraph/testing";
import { start as startGateway } from "../src/index.js";
import { ensureDomainTopics } from "@tickergraph/events";

const available = await requireInfra(["postgres", "kafka", "redis"]);

const BUY = `mutation Buy($symbol: ID!, $quantity: Float!) { buy(symbol: $symbol, quantity: $quantity) { id symbol quantity price total instrument { symbol } } }`;

interface Result {
  data?: { buy?: { id: string; symbol: string; quantity: number; price: number; total: number } } | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

type SinkClient = {
  subscribe(
    payload: { query: string; variables: Record<string, unknown> },
    sink: { next(value: unknown): void; error(error: unknown): void; complete(): void },
  ): () => void;
};

/** One operation through a client's sink API: its single result, once the client saw `complete`. */
function once(client: SinkClient, variables: Record<string, unknown>): Promise<Result> {
  return new Promise((resolve, reject) => {
    const results: Result[] = [];
    client.subscribe(
      { query: BUY, variables },
      {
        next: (value) => results.push(value as Result),
        error: reject,
        complete: () => (results.length === 1 ? resolve(results[0]!) : reject(new Error(`${results.length} results`))),
      },
    );
  });
}

describe.runIf(available)("buy over the socket transports, against the real market subgraph", () => {
  const config = testConfig(uniqueRunId("buy"), { ticks: { priceMs: 250 } });
  const stops: Array<() => Promise<void>> = [];
  let url: string;
  let token: string;

  beforeAll(async () => {
    await ensureDomainTopics(config.kafka);
    // Market and alert dial the user service's UserDirectory on the port it bound (USER_GRPC_PORT=0).
    const user = await startUser(config);
    const market = await startMarket({ ...config, user: { grpcPort: user.grpcPort } });
    stops.push(user.stop, market.stop);
    const gateway = await startGateway(config, { subgraphUrls: { user: user.url, market: market.url } });
    stops.unshift(gateway.stop);
    url = gateway.url;
    const registered = await graphqlRequest(url, `mutation($i: RegisterInput!) { register(input: $i) { token } }`, {
      i: { email: `buyer.${Date.now()}@example.com`, password: "a buyer's password", displayName: "Buyer" },
    });
    token = registered.data!.register.token;
    // buy prices at the latest quote: wait until the market has one.
    for (let i = 0; i < 200; i++) {
      const quote = await graphqlRequest(url, `{ quote(symbol: "AAPL") { price } }`);
      if (typeof quote.data?.quote?.price === "number") return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("no AAPL quote within 20 s");
  }, 60_000);

  afterAll(async () => {
    for (const stop of stops) await stop();
  });

  const expectPurchase = (result: Result, quantity: number) => {
    expect(result.errors).toBeUndefined();
    const bought = result.data!.buy!;
    expect(bought).toMatchObject({ symbol: "AAPL", quantity, instrument: { symbol: "AAPL" } });
    expect(bought.price).toBeGreaterThan(0);
    expect(bought.total).toBeCloseTo(bought.price * quantity, 6);
    return bought.id;
  };

  it("buys over graphql-ws with the connection's identity, and refuses an anonymous socket", async () => {
    const anonymousWs = createWsClient({ url: url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
    const ws = createWsClient({
      url: url.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
    });
    try {
      const id = expectPurchase(await once(ws, { symbol: "AAPL", quantity: 2 }), 2);
      const anonymous = await once(anonymousWs, { symbol: "AAPL", quantity: 1 });
      expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      const mine = await graphqlRequest(url, `{ me { purchases { id quantity } } }`, {}, token);
      expect(mine.data!.me.purchases).toContainEqual({ id, quantity: 2 });
    } finally {
      await Promise.all([ws.dispose(), anonymousWs.dispose()]);
    }
  });

  it.each([
    ["distinct", false, 3],
    ["single", true, 4],
  ] as const)("buys over GraphQL over SSE (%s connection mode)", async (_mode, singleConnection, quantity) => {
    const sse = createSseClient({
      url: `${url}/stream`,
      singleConnection,
      retryAttempts: 0,
      headers: { authorization: `Bearer ${token}` },
    });
    try {
      const id = expectPurchase(await once(sse, { symbol: "AAPL", quantity }), quantity);
      const mine = await graphqlRequest(url, `{ me { purchases { id quantity } } }`, {}, token);
      expect(mine.data!.me.purchases).toContainEqual({ id, quantity });
      const wrong = await once(sse, { symbol: "NOPE", quantity });
      expect(wrong.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    } finally {
      sse.dispose();
    }
  });
});

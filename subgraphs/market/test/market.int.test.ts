// The market subgraph on real Postgres, Kafka and Redis: catalogue, live ticks, history, candles, purchases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenService } from "@tickergraph/auth";
import { ensureDomainTopics } from "@tickergraph/events";
import {
  collect,
  graphqlRequest,
  nextValue,
  openSubscription,
  requireInfra,
  testConfig,
  uniqueRunId,
} from "@tickergraph/testing";
import { useLeftovers } from "@tickergraph/testing/leftovers";
import type { RunningMarketSubgraph } from "../src/index.js";
import { start } from "../src/index.js";
import { checkQuoteStore } from "./quote-store-contract.js";

const available = await requireInfra(["postgres", "kafka", "redis"]);
/** The user service is not running here: every token's user exists (test/flows/unknown-user-flow.ts covers the rest). */
const everyoneExists = { users: { exists: async () => true } };

describe.runIf(available)("market subgraph (distributed)", () => {
  // Feeds (sockets) and consumers a test opens are closed after it even when an assertion fails.
  const leftovers = useLeftovers();
  const config = testConfig(uniqueRunId(), { ticks: { priceMs: 100 } });
  const tokens = new TokenService(config.auth.jwtSecret, 3600);
  let market: RunningMarketSubgraph;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    await ensureDomainTopics(config.kafka);
    market = await start(config, undefined, everyoneExists);
    alice = await tokens.issue({ userId: "00000000-0000-4000-8000-00000000a11c", email: "alice@example.com" });
    bob = await tokens.issue({ userId: "00000000-0000-4000-8000-000000000b0b", email: "bob@example.com" });
  });
  afterAll(async () => market?.stop());
  const gql = (query: string, variables = {}, token?: string) => graphqlRequest(market.url, query, variables, token);

  it("lists at least 15 seeded instruments, filterable by kind", async () => {
    const all = (await gql(`{ instruments { symbol name kind currency } }`)).data!.instruments;
    expect(all.length).toBeGreaterThanOrEqual(15);
    expect(all.map((i: { symbol: string }) => i.symbol)).toEqual(
      expect.arrayContaining([
        "AAPL",
        "GOOGL",
        "MSFT",
        "AMZN",
        "TSLA",
        "NVDA",
        "META",
        "BTC-USD",
        "ETH-USD",
        "XAU",
        "XAG",
        "WTI",
        "SPY",
      ]),
    );
    const crypto = (await gql(`{ instruments(kind: CRYPTO) { symbol } }`)).data!.instruments;
    expect(crypto.map((i: { symbol: string }) => i.symbol).sort()).toEqual(["BTC-USD", "ETH-USD"]);
  });

  it("streams priceTick for the asked symbols only", async () => {
    const feed = leftovers.add(
      openSubscription(
        market.wsUrl,
        `subscription { priceTick(symbols: ["AAPL", "btc-usd"]) { symbol price updatedAt instrument { name } } }`,
      ),
    );
    const ticks = await collect(feed, 6, 15_000);
    for (const tick of ticks) expect(["AAPL", "BTC-USD"]).toContain(tick.data!.priceTick.symbol);
    expect(ticks.find((t) => t.data!.priceTick.symbol === "AAPL")!.data!.priceTick.instrument.name).toBe("Apple Inc.");
  });

  it("refuses priceTick for no symbols or an unknown one", async () => {
    for (const symbols of [`[]`, `["AAPL", "NOPE"]`]) {
      const feed = leftovers.add(
        openSubscription(market.wsUrl, `subscription { priceTick(symbols: ${symbols}) { symbol } }`),
      );
      const result = await nextValue(feed, 5000).catch((errors) => ({ errors }));
      expect(JSON.stringify(result)).toMatch(/BAD_USER_INPUT|at least one symbol|Unknown symbol/);
    }
  });

  it("serves quotes, history newest first, and candles", async () => {
    const feed = leftovers.add(
      openSubscription(market.wsUrl, `subscription { priceTick(symbols: ["MSFT"]) { price } }`),
    );
    await collect(feed, 3, 15_000);
    const { data } =
      await gql(`{ quote(symbol: "MSFT") { symbol price change changePercent updatedAt instrument { kind } }
      quotes(symbols: ["MSFT", "AAPL"]) { symbol }
      priceHistory(symbol: "MSFT", limit: 3) { price at } }`);
    expect(data!.quote).toMatchObject({ symbol: "MSFT", instrument: { kind: "STOCK" } });
    expect(data!.quotes.map((q: { symbol: string }) => q.symbol)).toEqual(["MSFT", "AAPL"]);
    const history = data!.priceHistory as Array<{ at: string; price: number }>;
    expect(history).toHaveLength(3);
    expect(history[0]!.at >= history[1]!.at).toBe(true);
    expect(history[0]!.price).toBe(data!.quote.price);
    const now = new Date();
    const candles = await gql(
      `query($from: DateTime!, $to: DateTime!) { candles(symbol: "MSFT", from: $from, to: $to) { open high low close count } }`,
      {
        from: new Date(now.getTime() - 3600_000).toISOString(),
        to: new Date(now.getTime() + 60_000).toISOString(),
      },
    );
    const candle = candles.data!.candles.at(-1);
    expect(candle.count).toBeGreaterThan(0);
    expect(candle.high).toBeGreaterThanOrEqual(Math.max(candle.open, candle.close));
    expect(candle.low).toBeLessThanOrEqual(Math.min(candle.open, candle.close));
  });

  it("keeps quotes and history in Redis unchanged by a redelivered tick, and caps the history", async () => {
    // A symbol the generator does not tick, so only this test writes it.
    await checkQuoteStore(market.quotes, `ZZ-${uniqueRunId()}`);
  });

  it("checks history limits and candle ranges", async () => {
    expect((await gql(`{ priceHistory(symbol: "MSFT", limit: 0) { price } }`)).errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "limit",
    });
    expect((await gql(`{ priceHistory(symbol: "MSFT", limit: 1001) { price } }`)).errors?.[0]?.extensions?.code).toBe(
      "BAD_USER_INPUT",
    );
    expect((await gql(`{ quote(symbol: "NOPE") { price } }`)).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("buys at the current price, and shows purchases to their owner only", async () => {
    const bought = await gql(
      `mutation { buy(symbol: "AAPL", quantity: 2) { id symbol quantity price total at instrument { name } } }`,
      {},
      alice,
    );
    expect(bought.errors).toBeUndefined();
    const purchase = bought.data!.buy;
    expect(purchase).toMatchObject({ symbol: "AAPL", quantity: 2, instrument: { name: "Apple Inc." } });
    expect(purchase.total).toBeCloseTo(purchase.price * 2, 2);
    expect((await gql(`{ myPurchases { id } }`, {}, alice)).data!.myPurchases).toEqual([{ id: purchase.id }]);
    expect((await gql(`{ myPurchases { id } }`, {}, bob)).data!.myPurchases).toEqual([]);
    const representation = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { purchases { id } } } }`;
    const ownerView = await gql(
      representation,
      { r: [{ __typename: "User", id: "00000000-0000-4000-8000-00000000a11c" }] },
      alice,
    );
    expect(ownerView.data!._entities[0].purchases).toEqual([{ id: purchase.id }]);
    const pryingView = await gql(
      representation,
      { r: [{ __typename: "User", id: "00000000-0000-4000-8000-00000000a11c" }] },
      bob,
    );
    expect(pryingView.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("refuses bad purchases with BAD_USER_INPUT or UNAUTHENTICATED", async () => {
    expect(
      (await gql(`mutation { buy(symbol: "AAPL", quantity: 0) { id } }`, {}, alice)).errors?.[0]?.extensions,
    ).toMatchObject({ code: "BAD_USER_INPUT", field: "quantity" });
    expect(
      (await gql(`mutation { buy(symbol: "AAPL", quantity: -3) { id } }`, {}, alice)).errors?.[0]?.extensions?.code,
    ).toBe("BAD_USER_INPUT");
    expect(
      (await gql(`mutation { buy(symbol: "NOPE", quantity: 1) { id } }`, {}, alice)).errors?.[0]?.extensions?.code,
    ).toBe("BAD_USER_INPUT");
    expect((await gql(`mutation { buy(symbol: "AAPL", quantity: 1) { id } }`)).errors?.[0]?.extensions?.code).toBe(
      "UNAUTHENTICATED",
    );
  });

  it("answers hostile numbers, dates and NUL bytes with BAD_USER_INPUT, never a masked 500", async () => {
    const raw = async (body: string, token?: string) => {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (token) headers.authorization = `Bearer ${token}`;
      return (await (await fetch(market.url, { method: "POST", headers, body })).json()) as {
        errors?: Array<{ extensions: { code: string } }>;
      };
    };
    const codeOf = (response: { errors?: Array<{ extensions?: { code?: string } }> }) =>
      response.errors?.[0]?.extensions?.code;
    // 1e400 is valid JSON and parses to Infinity.
    expect(
      (
        await raw(
          `{"query":"mutation($q: Float!) { buy(symbol: \\"AAPL\\", quantity: $q) { id } }","variables":{"q":1e400}}`,
          alice,
        )
      ).errors?.[0],
    ).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    expect(codeOf(await gql(`mutation { buy(symbol: "AAPL", quantity: 5e-324) { id total } }`, {}, alice))).toBe(
      "BAD_USER_INPUT",
    );
    const candles = `query($f: DateTime!, $t: DateTime!) { candles(symbol: "AAPL", from: $f, to: $t) { start } }`;
    expect(codeOf(await gql(candles, { f: "-271821-04-20T00:00:00.000Z", t: "-271821-04-21T00:00:00.000Z" }))).toBe(
      "BAD_USER_INPUT",
    );
    expect(codeOf(await gql(`query($s: ID!) { quote(symbol: $s) { price } }`, { s: "AA\u0000PL" }))).toBe(
      "BAD_USER_INPUT",
    );
  });
});

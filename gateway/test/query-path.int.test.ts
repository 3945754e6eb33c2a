import { readFileSync } from "node:fs";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenService } from "@tickergraph/auth";
import { loadConfig } from "@tickergraph/config";
import type { RunningGateway } from "../src/index.js";
import { start } from "../src/index.js";
import type { RunningFixtures } from "./fixtures/benchmark-subgraphs.js";
import { startFixtureSubgraphs } from "./fixtures/benchmark-subgraphs.js";

// The public federation gateway benchmark's data, query and recorded response (shared/ beside the repository).
const DATA = new URL("../../../shared/bench-data/gateway-benchmark/", import.meta.url);
const QUERY = readFileSync(new URL("query.graphql", DATA), "utf8");
const EXPECTED = JSON.parse(readFileSync(new URL("expected-structure.json", DATA), "utf8")) as unknown;
const SECRET = "query-path-test-secret-long-enough-1234";

describe("gateway query path", () => {
  let fixtures: RunningFixtures;
  let supergraphSdl: string;
  let stock: { url: string; stop(): Promise<void> };
  const gateways: RunningGateway[] = [];
  const tokens = new TokenService(SECRET, 3600);

  async function startGateway(sharing: boolean): Promise<RunningGateway> {
    // The benchmark query nests lists eight deep (~88 KB answers): past the default cost limit, as it should be.
    const config = loadConfig({
      LOG_LEVEL: "silent",
      JWT_SECRET: SECRET,
      QUERY_SHARING: String(sharing),
      OPERATION_MAX_COST: "100000000",
      OPERATION_MAX_DEPTH: "32",
    });
    const gateway = await start(config, { supergraphSdl, subgraphUrls: fixtures.urls, port: 0 });
    gateways.push(gateway);
    return gateway;
  }

  async function post(url: string, body: unknown, token?: string): Promise<{ status: number; text: string }> {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  }

  beforeAll(async () => {
    fixtures = await startFixtureSubgraphs(new URL("data.json", DATA).pathname, { delayMs: 40 });
    const composed = composeServices(
      Object.entries(fixtures.typeDefs).map(([name, sdl]) => ({
        name,
        url: fixtures.urls[name],
        typeDefs: parse(sdl),
      })),
    );
    if (composed.errors) throw composed.errors[0];
    supergraphSdl = composed.supergraphSdl;
    const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) });
    const { url } = await startStandaloneServer(server, { listen: { port: 0, host: "127.0.0.1" } });
    stock = { url, stop: () => server.stop() };
  });

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await stock?.stop();
    await fixtures?.close();
  });

  it("returns the benchmark's recorded response, byte for byte what stock @apollo/gateway returns", async () => {
    const stockAnswer = await post(stock.url, { query: QUERY });
    expect(JSON.parse(stockAnswer.text)).toEqual(EXPECTED);
    for (const sharing of [false, true]) {
      const gateway = await startGateway(sharing);
      const ours = await post(gateway.url, { query: QUERY });
      expect(ours.status).toBe(200);
      expect(ours.text).toBe(stockAnswer.text);
    }
  });

  it("runs identical concurrent public queries once, for anonymous and signed-in callers alike", async () => {
    const gateway = await startGateway(true);
    await post(gateway.url, { query: QUERY }); // plan and connections warm
    const before = fixtures.requests();
    const single = await (async () => {
      await post(gateway.url, { query: QUERY });
      return fixtures.requests() - before;
    })();
    const users = await Promise.all(
      Array.from({ length: 10 }, (_, i) => tokens.issue({ userId: `user-${i}`, email: `user${i}@example.com` })),
    );
    // Each token verified once beforehand (the gateway remembers it), so that on a loaded machine the burst's
    // signed-in requests arrive while the first run is still in flight, as the test means them to.
    await Promise.all(users.map((token) => post(gateway.url, { query: "{ __typename }" }, token)));
    const start = fixtures.requests();
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, () => post(gateway.url, { query: QUERY })),
      ...users.map((token) => post(gateway.url, { query: QUERY }, token)),
    ]);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(JSON.parse(answers[0]!.text)).toEqual(EXPECTED);
    expect(fixtures.requests() - start).toBe(single);
  });

  it("runs every request on its own when sharing is off", async () => {
    const gateway = await startGateway(false);
    await post(gateway.url, { query: QUERY });
    const before = fixtures.requests();
    await post(gateway.url, { query: QUERY });
    const single = fixtures.requests() - before;
    const start = fixtures.requests();
    await Promise.all(Array.from({ length: 5 }, () => post(gateway.url, { query: QUERY })));
    expect(fixtures.requests() - start).toBe(5 * single);
  });

  it("refuses a bad token before any sharing, with 401 UNAUTHENTICATED", async () => {
    const gateway = await startGateway(true);
    const answer = await post(gateway.url, { query: QUERY }, "not-a-token");
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  it("sends fewer subgraph requests than stock for the same answer (concurrent entity fetches share one)", async () => {
    const gateway = await startGateway(false);
    const countOne = async (url: string) => {
      await post(url, { query: QUERY }); // plan and connections warm
      const before = fixtures.requests();
      const answer = await post(url, { query: QUERY });
      return { requests: fixtures.requests() - before, text: answer.text };
    };
    const theirs = await countOne(stock.url);
    const ours = await countOne(gateway.url);
    expect(ours.text).toBe(theirs.text);
    // Stock sends one request per fetch with entities to fetch (16); the branches of a Parallel node to one
    // subgraph go together here (13).
    expect(ours.requests).toBeLessThan(theirs.requests);
  });
});

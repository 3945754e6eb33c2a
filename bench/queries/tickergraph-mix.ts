// The second workload of bench:queries: Tickergraph's own subgraphs (embedded mode, PGlite) and the dashboard's
// queries, each request signed in as one of many distinct users. Price and share ticks are paused, so every
// answer is stable and both gateways must return the same bytes for the same (operation, user).
import type { UntypedJson } from "@tickergraph/testing";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, everyPortFree } from "@tickergraph/config";
import { startEmbedded } from "../../scripts/embedded/launcher.js";

export interface MixRequest {
  name: string;
  body: string;
  token: string;
}

export interface MixWorkload {
  supergraphPath: string;
  urls: Record<string, string>;
  requests: MixRequest[];
  close(): Promise<void>;
}

const OPERATIONS: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  {
    name: "Instruments",
    query:
      "query Instruments { instruments { symbol name kind currency quote { symbol price change changePercent updatedAt } } }",
  },
  {
    name: "Me",
    query:
      "query Me { me { id email displayName shareValue shareValueUpdatedAt snapshots(limit: 20) { id value takenAt } } }",
  },
  { name: "MyPurchases", query: "query MyPurchases { myPurchases { id symbol quantity price total at } }" },
  { name: "MyAlerts", query: "query MyAlerts { myAlerts { id symbol direction threshold status createdAt } }" },
  {
    name: "PriceHistory",
    query:
      "query PriceHistory($symbol: ID!, $limit: Int) { priceHistory(symbol: $symbol, limit: $limit) { price at } }",
    variables: { symbol: "AAPL", limit: 50 },
  },
];

export async function startTickergraphMix(users: number): Promise<MixWorkload> {
  const dataDir = mkdtempSync(join(tmpdir(), "bench-queries-mix-"));
  const config = loadConfig({
    DATA_DIR: dataDir,
    ...everyPortFree(),
    SHARE_TICK_MS: "3600000",
    PRICE_TICK_MS: "3600000",
    LOG_LEVEL: "warn",
    JWT_SECRET: "bench-only-secret-that-is-long-enough-1234",
  });
  const stack = await startEmbedded(config);
  const gql = async (query: string, variables: unknown, token?: string) => {
    const response = await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: Record<string, UntypedJson>; errors?: unknown[] };
  };
  const tokens: string[] = [];
  for (let i = 0; i < users; i++) {
    const registered = await gql("mutation($i: RegisterInput!) { register(input: $i) { token } }", {
      i: { email: `mix${i}@bench.test`, password: "bench password 123", displayName: `Mix ${i}` },
    });
    const token = registered.data?.register?.token as string;
    tokens.push(token);
    // Some activity per user, so their pages have rows.
    await gql(`mutation { buy(symbol: "AAPL", quantity: ${1 + (i % 3)}) { id } }`, {}, token);
    await gql(
      `mutation { createAlert(input: { symbol: "MSFT", direction: ABOVE, threshold: ${1000 + i} }) { id } }`,
      {},
      token,
    );
  }
  const requests: MixRequest[] = [];
  for (let i = 0; i < users * OPERATIONS.length; i++) {
    const operation = OPERATIONS[i % OPERATIONS.length]!;
    requests.push({
      name: operation.name,
      body: JSON.stringify({ query: operation.query, variables: operation.variables ?? {} }),
      token: tokens[Math.floor(i / OPERATIONS.length) % tokens.length]!,
    });
  }
  return {
    supergraphPath: new URL("../../schema/supergraph.graphql", import.meta.url).pathname,
    urls: stack.subgraphUrls,
    requests,
    close: () => stack.stop(),
  };
}

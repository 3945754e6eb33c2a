// Trusted documents on every transport, in every PERSISTED_OPERATIONS mode: the real gateway over fixture
// subgraphs (no Kafka, Redis or Postgres), with a manifest of its own, driven by the real graphql-ws and graphql-sse
// clients and plain HTTP requests.
import { createClient as createSseClient } from "graphql-sse";
import { createClient as createWsClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { withTimeout } from "@tickergraph/testing";
import { openMultipart } from "./fixtures/multipart-reader.js";
import type { PersistedOperationsMode } from "../src/persisted-documents/index.js";
import { startInsightSubgraph, startTickerSubgraph, trendOf } from "./fixtures/ticker-subgraphs.js";
import {
  documentIdOf,
  startTrustedDocumentsGateway,
  SYMBOLS_DOCUMENT,
  TICKED_DOCUMENT,
  writeManifest,
} from "./fixtures/trusted-documents-gateway.js";

const SECRET = "trusted-documents-test-secret-32-chars!";
const MODES: PersistedOperationsMode[] = ["off", "allow", "enforce"];
const FREE_QUERY = "{ symbols }";
const FREE_SUBSCRIPTION = "subscription Free($symbol: String!) { ticked(symbol: $symbol) { id trend } }";
const UNKNOWN_ID = documentIdOf("query Unknown { symbols }");
const apq = (document: string) => ({
  persistedQuery: { version: 1, sha256Hash: documentIdOf(document).slice("sha256:".length) },
});

type Gateway = Awaited<ReturnType<typeof startTrustedDocumentsGateway>>;
type Outcome = { data: unknown } | { code: unknown; status?: number };

let ticker: Awaited<ReturnType<typeof startTickerSubgraph>>;
let insight: Awaited<ReturnType<typeof startInsightSubgraph>>;
const gateways = {} as Record<PersistedOperationsMode, Gateway>;

beforeAll(async () => {
  [ticker, insight] = await Promise.all([startTickerSubgraph(SECRET), startInsightSubgraph(SECRET)]);
  for (const mode of MODES) gateways[mode] = await startTrustedDocumentsGateway(mode, { ticker, insight }, SECRET);
});
afterAll(async () => {
  await Promise.all(MODES.map((mode) => gateways[mode]?.stop()));
  await Promise.all([ticker?.stopAndClose(), insight?.stop()]);
});

/** Any GraphQL over HTTP request: the data, or the first error's code and the HTTP status. */
async function http(
  gateway: Gateway,
  body: Record<string, unknown>,
  method: "POST" | "GET" = "POST",
): Promise<Outcome> {
  const headers = { "content-type": "application/json", "apollo-require-preflight": "true" };
  const url = new URL(gateway.url);
  if (method === "GET")
    for (const [key, value] of Object.entries(body))
      url.searchParams.set(key, typeof value === "string" ? value : JSON.stringify(value));
  const response = await fetch(url, method === "POST" ? { method, headers, body: JSON.stringify(body) } : { headers });
  const json = (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: unknown } }> };
  return json.errors ? { code: json.errors[0]?.extensions?.code, status: response.status } : { data: json.data };
}

let symbolCounter = 0;

/**
 * A subscription's first outcome over graphql-ws: its first event (ticks are published until one arrives, since the
 * upstream subscription opens asynchronously) or the error it was refused with.
 */
async function ws(gateway: Gateway, payload: Record<string, unknown>): Promise<Outcome> {
  const symbol = `WS${++symbolCounter}`;
  const client = createWsClient({ url: gateway.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
  try {
    return await firstOutcome(
      symbol,
      new Promise<Outcome>((resolve) => {
        client.subscribe({ query: "", ...payload, variables: { symbol } } as never, {
          next: (result) =>
            resolve(result.errors ? { code: result.errors[0]?.extensions?.code } : { data: result.data }),
          error: (error) =>
            resolve({ code: (error as Array<{ extensions?: { code?: unknown } }>)[0]?.extensions?.code }),
          complete: () => {},
        });
      }),
    );
  } finally {
    await client.dispose();
  }
}

/** The same over SSE with the graphql-sse client; a refusal is a result with the error's code (graphql-sse). */
async function sse(gateway: Gateway, payload: Record<string, unknown>): Promise<Outcome> {
  const symbol = `SSE${++symbolCounter}`;
  const body = { query: "", ...payload, variables: { symbol } };
  const client = createSseClient({ url: `${gateway.url}/stream`, retryAttempts: 0 });
  try {
    const stream = client.iterate(body as never);
    const outcome = await firstOutcome(
      symbol,
      stream.next().then((result) => {
        const value = result.value as { data?: unknown; errors?: Array<{ extensions?: { code?: unknown } }> };
        return value.errors ? { code: value.errors[0]?.extensions?.code } : { data: value.data };
      }),
    );
    await stream.return?.();
    return outcome;
  } finally {
    client.dispose();
  }
}

/** The same over multipart HTTP subscriptions; a refusal is a JSON answer instead of a stream. */
async function multipart(gateway: Gateway, payload: Record<string, unknown>): Promise<Outcome> {
  const symbol = `MP${++symbolCounter}`;
  const { query = "", ...extra } = payload as { query?: string };
  const stream = await openMultipart(gateway.url, query, { symbol }, undefined, extra);
  if (stream.json) return { code: stream.json.errors?.[0]?.extensions?.code, status: stream.status };
  try {
    return await firstOutcome(
      symbol,
      (async (): Promise<Outcome> => {
        for await (const part of stream.parts) {
          const errors = part.errors ?? part.payload?.errors;
          if (errors) return { code: errors[0]?.extensions?.code };
          if (part.payload?.data) return { data: part.payload.data };
        }
        return { code: "ENDED" };
      })(),
    );
  } finally {
    stream.abort();
  }
}

async function firstOutcome(symbol: string, outcome: Promise<Outcome>): Promise<Outcome> {
  let settled = false;
  void outcome.finally(() => (settled = true));
  const publishing = (async () => {
    for (let i = 0; !settled; i++) {
      await ticker.tick({ id: `${symbol}-${i}`, symbol, price: i });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  try {
    return await withTimeout(outcome, 20_000, `the first outcome of ${symbol}`);
  } finally {
    settled = true;
    await publishing;
  }
}

const tickedData = (outcome: Outcome) => {
  const ticked = (outcome as { data?: { ticked?: { id: string; trend: string } } }).data?.ticked;
  return ticked ? { trendMatchesId: ticked.trend === trendOf(ticked.id) } : outcome;
};
const ACCEPTED_TICK = { trendMatchesId: true };
const SYMBOLS = { data: { symbols: ["AAPL"] } };

describe.each(MODES)("PERSISTED_OPERATIONS=%s", (mode) => {
  const gateway = () => gateways[mode];
  const refusedUnlessEnforce = mode === "enforce" ? { code: "PERSISTED_QUERY_REQUIRED", status: 400 } : SYMBOLS;
  const byId = mode === "off" ? { code: "PERSISTED_QUERY_NOT_SUPPORTED", status: 400 } : SYMBOLS;
  const unknownId =
    mode === "off"
      ? { code: "PERSISTED_QUERY_NOT_SUPPORTED", status: 400 }
      : { code: "PERSISTED_QUERY_NOT_FOUND", status: 400 };

  it("HTTP: runs documents by id only when the mode reads the manifest, and free queries unless enforced", async () => {
    expect(await http(gateway(), { documentId: documentIdOf(SYMBOLS_DOCUMENT) })).toEqual(byId);
    expect(await http(gateway(), { documentId: documentIdOf(SYMBOLS_DOCUMENT) }, "GET")).toEqual(byId);
    expect(await http(gateway(), { documentId: UNKNOWN_ID })).toEqual(unknownId);
    expect(await http(gateway(), { query: FREE_QUERY })).toEqual(refusedUnlessEnforce);
    // A manifest document sent as full text is trusted in every mode.
    expect(await http(gateway(), { query: SYMBOLS_DOCUMENT })).toEqual(SYMBOLS);
  });

  it("HTTP: APQ hashes from the manifest run; unknown ones are Apollo's APQ unless enforced", async () => {
    // Off: Apollo Server's own APQ cache, which has never seen the hash.
    expect(await http(gateway(), { extensions: apq(SYMBOLS_DOCUMENT) })).toEqual(
      mode === "off" ? { code: "PERSISTED_QUERY_NOT_FOUND", status: expect.any(Number) } : SYMBOLS,
    );
    const unknownHash = { extensions: apq("query Unregistered { symbols }") };
    expect(await http(gateway(), unknownHash)).toMatchObject({ code: "PERSISTED_QUERY_NOT_FOUND" });
    // APQ registration: the full query with its hash runs, and then the hash alone — except under enforce.
    const registered = await http(gateway(), { query: "query Unregistered { symbols }", ...unknownHash });
    expect(registered).toEqual(mode === "enforce" ? { code: "PERSISTED_QUERY_NOT_FOUND", status: 400 } : SYMBOLS);
  });

  it("graphql-ws: the same rules for subscribe messages", async () => {
    expect(tickedData(await ws(gateway(), { documentId: documentIdOf(TICKED_DOCUMENT) }))).toEqual(
      mode === "off" ? { code: "PERSISTED_QUERY_NOT_SUPPORTED" } : ACCEPTED_TICK,
    );
    expect(tickedData(await ws(gateway(), { extensions: apq(TICKED_DOCUMENT) }))).toEqual(
      mode === "off" ? { code: "PERSISTED_QUERY_NOT_SUPPORTED" } : ACCEPTED_TICK,
    );
    expect(await ws(gateway(), { documentId: UNKNOWN_ID })).toEqual({ code: unknownId.code });
    expect(tickedData(await ws(gateway(), { query: FREE_SUBSCRIPTION }))).toEqual(
      mode === "enforce" ? { code: "PERSISTED_QUERY_REQUIRED" } : ACCEPTED_TICK,
    );
    expect(tickedData(await ws(gateway(), { query: TICKED_DOCUMENT }))).toEqual(ACCEPTED_TICK);
  });

  it("SSE: the same rules for /graphql/stream", async () => {
    expect(tickedData(await sse(gateway(), { documentId: documentIdOf(TICKED_DOCUMENT) }))).toEqual(
      mode === "off" ? { code: "PERSISTED_QUERY_NOT_SUPPORTED" } : ACCEPTED_TICK,
    );
    expect(tickedData(await sse(gateway(), { extensions: apq(TICKED_DOCUMENT) }))).toEqual(
      mode === "off" ? { code: "PERSISTED_QUERY_NOT_SUPPORTED" } : ACCEPTED_TICK,
    );
    expect(await sse(gateway(), { documentId: UNKNOWN_ID })).toEqual({ code: unknownId.code });
    expect(tickedData(await sse(gateway(), { query: FREE_SUBSCRIPTION }))).toEqual(
      mode === "enforce" ? { code: "PERSISTED_QUERY_REQUIRED" } : ACCEPTED_TICK,
    );
  });

  it("multipart HTTP: the same rules for subscriptions streamed over POST /graphql", async () => {
    expect(tickedData(await multipart(gateway(), { documentId: documentIdOf(TICKED_DOCUMENT) }))).toEqual(
      mode === "off" ? { code: "PERSISTED_QUERY_NOT_SUPPORTED", status: 400 } : ACCEPTED_TICK,
    );
    expect(await multipart(gateway(), { documentId: UNKNOWN_ID })).toEqual(unknownId);
    expect(tickedData(await multipart(gateway(), { query: FREE_SUBSCRIPTION }))).toEqual(
      mode === "enforce" ? { code: "PERSISTED_QUERY_REQUIRED", status: 400 } : ACCEPTED_TICK,
    );
    expect(tickedData(await multipart(gateway(), { query: TICKED_DOCUMENT }))).toEqual(ACCEPTED_TICK);
  });
});

describe("manifest reload", () => {
  it("picks up a changed manifest without a restart", async () => {
    const gateway = gateways.enforce;
    const added = "query Again { symbols }";
    expect(await http(gateway, { documentId: documentIdOf(added) })).toMatchObject({
      code: "PERSISTED_QUERY_NOT_FOUND",
    });
    writeManifest(gateway.manifestPath, [TICKED_DOCUMENT, SYMBOLS_DOCUMENT, added]);
    const deadline = Date.now() + 15_000;
    let outcome = await http(gateway, { documentId: documentIdOf(added) });
    while (!("data" in outcome) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      outcome = await http(gateway, { documentId: documentIdOf(added) });
    }
    expect(outcome).toEqual(SYMBOLS);
  });
});

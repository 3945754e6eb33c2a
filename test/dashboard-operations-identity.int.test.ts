// Tickergraph's gateway must answer every dashboard operation (the typed client's documents) exactly as stock
// @apollo/gateway in @apollo/server does over the same subgraphs: same data and same errors. The embedded stack
// runs the subgraphs and our gateway; a stock gateway forwarding Authorization (Apollo's documented recipe) runs
// beside it. Queries must be byte-identical; mutations change state, so each runs once per gateway with inputs
// that differ only where they must, and the answers are compared with generated values (ids, tokens, times) masked.
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import type { OperationDefinitionNode } from "graphql";
import { Kind, parse, print } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "@tickergraph/config";
import type { EmbeddedStack } from "../scripts/embedded/launcher.js";
import { startEmbedded } from "../scripts/embedded/launcher.js";

const OPERATIONS_DIR = new URL("../clients/typescript/operations/", import.meta.url);
const SUPERGRAPH = readFileSync(new URL("../schema/supergraph.graphql", import.meta.url), "utf8");

interface Operation {
  name: string;
  kind: "query" | "mutation" | "subscription";
  /** The operation with the fragments it uses, as the typed client sends it. */
  document: string;
}

/** Every operation in the typed client's documents, each sent with all of its file's fragments. */
function dashboardOperations(): Operation[] {
  const operations: Operation[] = [];
  for (const file of readdirSync(OPERATIONS_DIR).filter((f) => f.endsWith(".graphql"))) {
    const document = parse(readFileSync(new URL(file, OPERATIONS_DIR), "utf8"));
    const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const operation = definition as OperationDefinitionNode;
      const usesFragments = print(operation).includes("...");
      operations.push({
        name: operation.name!.value,
        kind: operation.operation,
        document: [operation, ...(usesFragments ? fragments : [])].map((d) => print(d)).join("\n"),
      });
    }
  }
  return operations;
}

interface Answer {
  status: number;
  text: string;
}

async function post(url: string, query: string, variables: unknown, token?: string): Promise<Answer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, text: await response.text() };
}

/**
 * Generated values differ between two runs of the same mutation: mask them (ids, also inside messages; tokens;
 * times; a snapshot's `value`, which is its user's share value and so differs per user), keep everything else.
 */
function masked(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => {
    if (key === "value" && typeof value === "number") return "<share value>";
    if (typeof value !== "string") return value;
    if (key === "token") return "<token>";
    const withIds = value.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "<uuid>");
    return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(withIds) ? "<time>" : withIds;
  });
}

describe("dashboard operations: Tickergraph's gateway answers exactly as stock @apollo/gateway", () => {
  let stack: EmbeddedStack;
  let stock: { url: string; stop(): Promise<void> };
  const operations = dashboardOperations();
  const byName = (name: string) => {
    const found = operations.find((o) => o.name === name);
    if (!found) throw new Error(`the typed client has no operation ${name}`);
    return found;
  };
  /** The same signed-in user on both gateways (queries), and one user per gateway (mutations that change state). */
  let shared: string;
  const perGateway: Record<"stock" | "ours", string> = { stock: "", ours: "" };
  const urls = () => ({ stock: stock.url, ours: stack.gatewayUrl });

  beforeAll(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "tickergraph-identity-"));
    stack = await startEmbedded(
      loadConfig({
        DATA_DIR: dataDir,
        GATEWAY_PORT: "0",
        USER_PORT: "0",
        MARKET_PORT: "0",
        ALERT_PORT: "0",
        NOTIFICATION_PORT: "0",
        NOTIFICATION_GRPC_PORT: "0",
        ANALYTICS_PORT: "0",
        ANALYTICS_GRPC_PORT: "0",
        // No ticks: prices and share values stay put, so two reads of the same thing are the same bytes.
        SHARE_TICK_MS: "3600000",
        PRICE_TICK_MS: "3600000",
        LOG_LEVEL: "warn",
      }),
    );
    const server = new ApolloServer<{ authorization?: string }>({
      gateway: new ApolloGateway({
        supergraphSdl: SUPERGRAPH,
        buildService: ({ name }) =>
          new RemoteGraphQLDataSource<{ authorization?: string }>({
            url: stack.subgraphUrls[name],
            willSendRequest({ request, context }) {
              if (context.authorization) request.http?.headers.set("authorization", context.authorization);
            },
          }),
      }),
    });
    const standalone = await startStandaloneServer(server, {
      listen: { port: 0, host: "127.0.0.1" },
      context: async ({ req }) => ({ authorization: req.headers.authorization }),
    });
    stock = { url: standalone.url, stop: () => server.stop() };
  }, 300_000);

  afterAll(async () => {
    await stock?.stop();
    await stack?.stop();
  });

  it("finds the typed client's operations", () => {
    expect(operations.filter((o) => o.kind === "query").map((o) => o.name)).toEqual(
      expect.arrayContaining(["MyAlerts", "Instruments", "PriceHistory", "Candles", "Me", "MyPurchases"]),
    );
    expect(operations.filter((o) => o.kind === "mutation").length).toBeGreaterThanOrEqual(6);
  });

  it("Register and Login: same answers, and the same errors for a taken email and a wrong password", async () => {
    const register = byName("Register").document;
    const login = byName("Login").document;
    const answers: Record<string, Answer[]> = { stock: [], ours: [] };
    for (const [gateway, url] of Object.entries(urls()) as ["stock" | "ours", string][]) {
      const email = `identity-${gateway}@example.com`;
      const input = { email, password: "correct horse battery", displayName: "Identity" };
      const registered = await post(url, register, { input });
      perGateway[gateway] = (
        JSON.parse(registered.text) as { data: { register: { token: string } } }
      ).data.register.token;
      answers[gateway]!.push(
        registered,
        await post(url, register, { input }),
        await post(url, login, { email, password: "correct horse battery" }),
        await post(url, login, { email, password: "not the password" }),
        await post(url, register, { input: { email: "not an email", password: "x", displayName: "" } }),
      );
    }
    expect(answers.ours!.map((a) => a.status)).toEqual(answers.stock!.map((a) => a.status));
    expect(answers.ours!.map((a) => masked(a.text))).toEqual(answers.stock!.map((a) => masked(a.text)));
    // The error cases carry codes (not just "some error"): both gateways pass the subgraph's code through.
    const codes = answers
      .ours!.slice(1)
      .map((a) => (JSON.parse(a.text) as { errors?: { extensions: { code: string } }[] }).errors?.[0]?.extensions.code);
    expect(codes[0]).toBe("BAD_USER_INPUT");
    expect(codes[1]).toBeUndefined();
    expect(codes[2]).toBe("UNAUTHENTICATED");
    expect(codes[3]).toBe("BAD_USER_INPUT");
    shared = perGateway.stock;
  });

  it("Buy, SaveSnapshot, CreateAlert and CancelAlert: same answers and the same errors", async () => {
    const answers: Record<string, Answer[]> = { stock: [], ours: [] };
    for (const [gateway, url] of Object.entries(urls()) as ["stock" | "ours", string][]) {
      const token = perGateway[gateway];
      const run = (name: string, variables: unknown, as: string | undefined = token) =>
        post(url, byName(name).document, variables, as);
      const alert = await run("CreateAlert", { input: { symbol: "AAPL", direction: "ABOVE", threshold: 100_000 } });
      const alertId = (JSON.parse(alert.text) as { data: { createAlert: { id: string } } }).data.createAlert.id;
      answers[gateway]!.push(
        alert,
        await run("Buy", { symbol: "AAPL", quantity: 2 }),
        await run("Buy", { symbol: "NOPE", quantity: 1 }),
        await run("Buy", { symbol: "AAPL", quantity: -1 }),
        await run("Buy", { symbol: "AAPL", quantity: 1 }, undefined),
        await run("SaveSnapshot", {}),
        await run("SaveSnapshot", {}, undefined),
        await run("CreateAlert", { input: { symbol: "AAPL", direction: "ABOVE", threshold: -5 } }),
        await run("CancelAlert", { id: alertId }),
        await run("CancelAlert", { id: alertId }),
        await run("CancelAlert", { id: "00000000-0000-4000-8000-000000000000" }),
      );
    }
    expect(answers.ours!.map((a) => a.status)).toEqual(answers.stock!.map((a) => a.status));
    expect(answers.ours!.map((a) => masked(a.text))).toEqual(answers.stock!.map((a) => masked(a.text)));
    const withErrors = answers.ours!.filter((a) => a.text.includes('"errors"'));
    expect(withErrors.length).toBeGreaterThanOrEqual(6);
  });

  it("every query, signed in and anonymous: byte-identical data and errors", async () => {
    const variables: Record<string, unknown> = {
      PriceHistory: { symbol: "AAPL", limit: 20 },
      Candles: { symbol: "AAPL", from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() },
    };
    const queries = operations.filter((o) => o.kind === "query");
    for (const query of queries) {
      for (const token of [shared, perGateway.ours, undefined, "not-a-token"]) {
        const theirs = await post(stock.url, query.document, variables[query.name] ?? {}, token);
        const ours = await post(stack.gatewayUrl, query.document, variables[query.name] ?? {}, token);
        if (token === "not-a-token") {
          // The one deliberate difference: we refuse a forged token at the door (401), stock forwards it and the
          // subgraphs refuse it per field. Both say UNAUTHENTICATED.
          expect(ours.status).toBe(401);
          expect(JSON.parse(ours.text).errors[0].extensions.code).toBe("UNAUTHENTICATED");
          continue;
        }
        expect({ query: query.name, status: ours.status, text: ours.text }).toEqual({
          query: query.name,
          status: theirs.status,
          text: theirs.text,
        });
      }
    }
  });
});

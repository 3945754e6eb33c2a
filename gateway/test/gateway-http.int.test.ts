// The gateway over HTTP: the public operations, auth, error codes, health and readiness, metrics.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphqlRequest, requireInfra, testConfig, uniqueRunId } from "@tickergraph/testing";
import { startStack } from "./stack.js";

const available = await requireInfra(["postgres", "kafka", "redis"]);

/** GET /ready's body. */
type ReadyReport = { subgraphs: Array<{ name: string; ready: boolean }> };

describe.runIf(available)("gateway over HTTP", () => {
  const config = testConfig(uniqueRunId(), { ticks: { shareValueMs: 60_000 } });
  let stack: Awaited<ReturnType<typeof startStack>>;
  beforeAll(async () => {
    stack = await startStack(config);
  });
  afterAll(async () => stack?.stop());

  const gql = (query: string, variables = {}, token?: string) =>
    graphqlRequest(stack.gateway.url, query, variables, token);
  const register = async (name: string) =>
    (
      await gql(`mutation($i: RegisterInput!) { register(input: $i) { token user { id displayName shareValue } } }`, {
        i: { email: `${name}.${uniqueRunId()}@example.com`, password: "long enough password", displayName: name },
      })
    ).data!.register;

  it("runs the public contract end to end, with fields from two subgraphs in one query", async () => {
    const alice = await register("Alice");
    const login = await gql(
      `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token user { id } } }`,
      {
        e: (await gql("{ me { email } }", {}, alice.token)).data!.me.email,
        p: "long enough password",
      },
    );
    expect(login.data!.login.user.id).toBe(alice.user.id);
    const me = await gql(`{ me { id displayName shareValue snapshots { id } badge seenBy } }`, {}, alice.token);
    expect(me.data!.me).toEqual({
      id: alice.user.id,
      displayName: "Alice",
      shareValue: alice.user.shareValue,
      snapshots: [],
      badge: `badge-${alice.user.id.slice(0, 8)}`,
      seenBy: alice.user.id,
    });
    const snapshot = await gql(`mutation { saveSnapshot { id value takenAt } }`, {}, alice.token);
    expect(snapshot.data!.saveSnapshot.value).toBe(alice.user.shareValue);
    const byId = await gql(`query($id: ID!) { user(id: $id) { id displayName shareValue } }`, { id: alice.user.id });
    expect(byId.data!.user).toEqual(alice.user);
  });

  it("answers me with null without a token, and refuses a bad token with UNAUTHENTICATED", async () => {
    expect((await gql("{ me { id } }")).data).toEqual({ me: null });
    const bad = await gql("{ me { id } }", {}, "bad.token.value");
    expect(bad.status).toBe(401);
    expect(bad.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("gives clients codes, never stacks, for their mistakes", async () => {
    const unknownField = await gql("{ me { salary } }");
    expect(unknownField.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const unparsable = await gql("{ me { ");
    expect(unparsable.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
    const shortPassword = await gql(`mutation($i: RegisterInput!) { register(input: $i) { token } }`, {
      i: { email: "x@example.com", password: "short", displayName: "x" },
    });
    expect(shortPassword.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.password" });
    const missingVariable = await gql(`mutation($i: RegisterInput!) { register(input: $i) { token } }`);
    expect(missingVariable.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    for (const response of [unknownField, unparsable, shortPassword, missingVariable]) {
      expect(JSON.stringify(response)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
    }
  });

  it("hides owner-only fields from other users through the gateway", async () => {
    const owner = await register("Owner");
    const other = await register("Other");
    const prying = await gql(`query($id: ID!) { user(id: $id) { id email } }`, { id: owner.user.id }, other.token);
    expect(prying.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("serves /health, /ready and Prometheus /metrics", async () => {
    const base = stack.gateway.url.replace("/graphql", "");
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as ReadyReport).subgraphs.map((s) => s.name).sort()).toEqual(["profile", "user"]);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/tickergraph_gateway_http_request_duration_seconds_bucket/);
    expect(metrics).toMatch(/tickergraph_gateway_subscriptions_upstream/);
    // Queries are answered inside the router mounted at /graphql; they must be counted as /graphql, not "other".
    expect(metrics).toMatch(
      /tickergraph_gateway_http_request_duration_seconds_count\{[^}]*route="\/graphql"[^}]*\} [1-9]/,
    );
  });

  it("reports not ready while a subgraph is down", async () => {
    await stack.profile.stop();
    const base = stack.gateway.url.replace("/graphql", "");
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as ReadyReport).subgraphs.find((s) => s.name === "profile")?.ready).toBe(false);
  });
});

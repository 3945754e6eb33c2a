// Token revocation in distributed mode, through two gateway instances sharing Redis with the real user subgraph:
// `logout` and `logoutEverywhere` are refused on every transport of both gateways and on the subgraph itself, and
// every live connection of a revoked token (graphql-ws 4401; SSE and multipart with UNAUTHENTICATED) ends, with the
// upstream sockets opened for it, while the same user's other tokens keep theirs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient as createSseClient } from "graphql-sse";
import type { RunningGateway } from "../src/index.js";
import { start as startGateway } from "../src/index.js";
import {
  graphqlRequest,
  nextValue,
  openSubscription,
  requireInfra,
  testConfig,
  uniqueRunId,
  withTimeout,
} from "@tickergraph/testing";
import { nextPayload, openMultipart } from "./fixtures/multipart-reader.js";
import { until } from "@tickergraph/testing";
import { composeTestSupergraph, startStack } from "./stack.js";

const available = await requireInfra(["postgres", "kafka", "redis"]);
const CHANGES = `subscription { shareValueChanged { value user { id } } }`;
const ME = `{ me { id } }`;

describe.runIf(available)("token revocation across gateways, transports and subgraphs", () => {
  const config = testConfig(uniqueRunId(), { ticks: { shareValueMs: 200 } });
  let stack: Awaited<ReturnType<typeof startStack>>;
  let second: RunningGateway;
  beforeAll(async () => {
    stack = await startStack(config);
    second = await startGateway(config, {
      supergraphSdl: composeTestSupergraph(),
      subgraphUrls: { user: stack.user.url, profile: stack.profile.url },
      transportLimits: { maxConnectionsPerAddress: 100_000 },
    });
  }, 120_000);
  afterAll(async () => {
    await second?.stop();
    await stack?.stop();
  });

  const email = `rita.${uniqueRunId()}@example.com`;
  const password = "long enough password";
  const login = async () => {
    const answer = await graphqlRequest(
      stack.gateway.url,
      `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token user { id } } }`,
      { e: email, p: password },
    );
    expect(answer.errors).toBeUndefined();
    return answer.data!.login as { token: string; user: { id: string } };
  };
  const unauthenticated = {
    errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: "UNAUTHENTICATED" }) })],
  };

  /** The answers a token gets over HTTP: from both gateways and from the user subgraph directly. */
  const httpAnswers = (token: string) =>
    Promise.all([stack.gateway.url, second.url, stack.user.url].map((url) => graphqlRequest(url, ME, {}, token)));

  it("logout ends that token everywhere and nothing else; logout everywhere ends the rest", async () => {
    const registered = await graphqlRequest(
      stack.gateway.url,
      `mutation($i: RegisterInput!) { register(input: $i) { token user { id } } }`,
      { i: { email, password, displayName: "Rita" } },
    );
    const userId = registered.data!.register.user.id as string;
    const revoked = registered.data!.register.token as string;
    const kept = (await login()).token;

    // The token to revoke, live on every transport of both gateways and directly on the subgraph.
    const wsOnFirst = openSubscription(stack.gateway.wsUrl, CHANGES, {}, revoked);
    const wsOnSecond = openSubscription(second.wsUrl, CHANGES, {}, revoked);
    const direct = openSubscription(stack.user.wsUrl, CHANGES, {}, revoked);
    const sseEvents: Array<{ data?: unknown; errors?: readonly unknown[] }> = [];
    const sse = createSseClient({
      url: `${second.url}/stream`,
      retryAttempts: 0,
      headers: { authorization: `Bearer ${revoked}` },
    });
    const sseEnded = new Promise<void>((resolve, reject) =>
      sse.subscribe(
        { query: CHANGES },
        { next: (value) => void sseEvents.push(value), error: reject, complete: resolve },
      ),
    );
    const multipart = await openMultipart(stack.gateway.url, CHANGES, {}, revoked);
    expect(multipart.status).toBe(200);
    for (const live of [wsOnFirst, wsOnSecond, direct]) {
      expect((await nextValue(live, 20_000, "a share value change")).data).toMatchObject({
        shareValueChanged: { user: { id: userId } },
      });
    }
    await withTimeout(
      (async () => {
        while (sseEvents.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      })(),
      20_000,
      "an SSE event",
    );
    expect(await withTimeout(nextPayload(multipart.parts), 20_000, "a multipart event")).toMatchObject({
      payload: { data: { shareValueChanged: { user: { id: userId } } } },
    });

    // Logout through the second gateway.
    const logout = await graphqlRequest(second.url, `mutation { logout }`, {}, revoked);
    expect(logout).toMatchObject({ status: 200, data: { logout: true } });

    expect(await withTimeout(wsOnFirst.closed, 10_000, "the first gateway's socket to close")).toBe(4401);
    expect(await withTimeout(wsOnSecond.closed, 10_000, "the second gateway's socket to close")).toBe(4401);
    expect(await withTimeout(direct.closed, 10_000, "the subgraph's own socket to close")).toBe(4401);
    await withTimeout(sseEnded, 10_000, "the SSE stream to end");
    expect(sseEvents.at(-1)).toMatchObject(unauthenticated);
    let last: unknown;
    for await (const part of multipart.parts) if (Object.keys(part).length > 0) last = part.payload ?? part;
    expect(last).toMatchObject(unauthenticated);

    for (const answer of await httpAnswers(revoked)) expect(answer).toMatchObject(unauthenticated);
    const refusedSocket = openSubscription(second.wsUrl, CHANGES, {}, revoked);
    expect(await withTimeout(refusedSocket.closed, 10_000, "a new socket with the revoked token")).toBe(4401);
    const refusedStream = await openMultipart(second.url, CHANGES, {}, revoked);
    expect(refusedStream.status).toBe(401);

    // The same user's other token is untouched: it subscribes (through an upstream socket opened with it) and
    // HTTP answers.
    const survivor = openSubscription(stack.gateway.wsUrl, CHANGES, {}, kept);
    expect(await nextValue(survivor, 20_000, "a change after the logout")).toMatchObject({
      data: { shareValueChanged: { user: { id: userId } } },
    });
    for (const answer of await httpAnswers(kept))
      expect(answer).toMatchObject({ status: 200, data: { me: { id: userId } } });

    // Logout everywhere (through the first gateway) ends the rest, upstream included; a new login works.
    const everywhere = await graphqlRequest(stack.gateway.url, `mutation { logoutEverywhere }`, {}, kept);
    expect(everywhere).toMatchObject({ status: 200, data: { logoutEverywhere: true } });
    expect(await withTimeout(survivor.closed, 10_000, "the last socket to close")).toBe(4401);
    for (const answer of await httpAnswers(kept)) expect(answer).toMatchObject(unauthenticated);
    await until("the gateways' upstream sockets to close", () =>
      [stack.gateway, second].every((gateway) => gateway.subscriptions.stats().upstreamConnections === 0),
    );
    const fresh = (await login()).token;
    for (const answer of await httpAnswers(fresh))
      expect(answer).toMatchObject({ status: 200, data: { me: { id: userId } } });
    for (const live of [wsOnFirst, wsOnSecond, direct, refusedSocket, survivor]) await live.dispose();
    sse.dispose();
  }, 120_000);

  it("logout needs a signed-in caller", async () => {
    expect(await graphqlRequest(second.url, `mutation { logout }`)).toMatchObject(unauthenticated);
    expect(await graphqlRequest(second.url, `mutation { logoutEverywhere }`)).toMatchObject(unauthenticated);
  });
});

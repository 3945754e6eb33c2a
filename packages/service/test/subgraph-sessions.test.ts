// A graphql-ws connection made straight to a subgraph is held to the same rule as the gateway's: it closes with
// 4401 when its token expires (judged on a fake clock, not by waiting) or is revoked.
import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { parse } from "graphql";
import { InMemoryRevocationList, TokenService } from "@tickergraph/auth";
import { InProcessSubscriptionHub } from "@tickergraph/pubsub";
import { createLogger } from "@tickergraph/telemetry";
import { nextValue, openSubscription, withTimeout } from "@tickergraph/testing";
import type { BaseContext } from "../src/index.js";
import { startGraphQLService } from "../src/index.js";

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { whoami: String }
  type Subscription { pinged: String! }
`);

async function startFixture(ttlSeconds: number) {
  const revocations = new InMemoryRevocationList();
  const tokens = new TokenService("subgraph-sessions-secret-long-enough-12", ttlSeconds, revocations);
  const hub = new InProcessSubscriptionHub();
  const service = await startGraphQLService({
    name: "sessions",
    host: "127.0.0.1",
    port: 0,
    typeDefs,
    resolvers: {
      Query: { whoami: (_: unknown, __: unknown, ctx: BaseContext) => ctx.identity?.userId ?? null },
      Subscription: {
        pinged: {
          subscribe: (_: unknown, __: unknown, ctx: BaseContext) =>
            hub.listen<{ text: string }>(`ping:${ctx.identity?.userId}`),
          resolve: (message: { text: string }) => message.text,
        },
      },
    },
    tokens,
    logger: createLogger("sessions", "silent"),
    buildContext: (base) => base,
    healthChecks: {},
  });
  onTestFinished(async () => {
    await service.stop();
    await hub.close();
  });
  /** Publishes until the subscription has one value (the subscribe reaches the hub asynchronously). */
  const firstValue = async (live: AsyncIterator<{ data?: { pinged: string } }>, userId: string) => {
    const next = live.next();
    let received = false;
    void next.then(() => (received = true));
    await withTimeout(
      (async () => {
        while (!received) {
          await hub.publish(`ping:${userId}`, { text: "hello" });
          await new Promise((resolve) => setImmediate(resolve));
        }
      })(),
      10_000,
      "the first ping",
    );
    return (await next).value;
  };
  return { service, tokens, firstValue };
}

describe("subgraph WebSocket sessions", () => {
  afterEach(() => vi.useRealTimers());

  it("closes a socket with 4401 when its token expires, and not before", async () => {
    // Date and timers are fake, but move with real time too, so sockets and the server's own timers still work.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], shouldAdvanceTime: true });
    const { service, tokens, firstValue } = await startFixture(3600);
    const token = await tokens.issue({ userId: "ivy", email: "ivy@example.com" });
    const live = openSubscription(service.wsUrl, `subscription { pinged }`, {}, token);
    onTestFinished(() => live.dispose());
    expect(await firstValue(live, "ivy")).toEqual({ data: { pinged: "hello" } });
    let closedAt: number | undefined;
    void live.closed.then(() => (closedAt = Date.now()));
    await vi.advanceTimersByTimeAsync(3_590_000);
    expect(closedAt).toBeUndefined();
    await vi.advanceTimersByTimeAsync(11_000);
    expect(await withTimeout(live.closed, 10_000, "the socket to close")).toBe(4401);
  });

  it("closes a socket with 4401 when its token is revoked; another token of the user keeps its socket", async () => {
    const { service, tokens, firstValue } = await startFixture(3600);
    const who = { userId: "rex", email: "rex@example.com" };
    const [revoked, kept] = [await tokens.issue(who), await tokens.issue(who)];
    const doomed = openSubscription(service.wsUrl, `subscription { pinged }`, {}, revoked);
    const other = openSubscription(service.wsUrl, `subscription { pinged }`, {}, kept);
    onTestFinished(async () => {
      await doomed.dispose();
      await other.dispose();
    });
    await firstValue(doomed, "rex");
    await firstValue(other, "rex");
    await tokens.revokeToken(await tokens.verify(revoked));
    expect(await withTimeout(doomed.closed, 10_000, "the revoked socket to close")).toBe(4401);
    expect(await firstValue(other, "rex")).toEqual({ data: { pinged: "hello" } });
    await tokens.revokeAllTokensOf("rex");
    expect(await withTimeout(other.closed, 10_000, "the last socket to close")).toBe(4401);
    expect(await nextValue(other, 1000).catch((error: unknown) => error)).toBeDefined();
  });
});

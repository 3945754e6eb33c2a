// Federated subscriptions through the gateway, on the real user subgraph (Kafka → Redis → graphql-ws) plus a
// second subgraph owning User fields: cross-subgraph fields per event, dedup, isolation, teardown, restarts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "graphql-sse";
import {
  collect,
  graphqlRequest,
  nextValue,
  openSubscription,
  redisUnsubscribed,
  requireInfra,
  testConfig,
  uniqueRunId,
  until,
  withTimeout,
} from "@tickergraph/testing";
import { useLeftovers } from "@tickergraph/testing/leftovers";
import { startStack } from "./stack.js";

const available = await requireInfra(["postgres", "kafka", "redis"]);

describe.runIf(available)("subscriptions through the gateway", () => {
  // Feeds and clients a test opens are closed after it even when an assertion fails, so the next test, which
  // often starts by awaiting zero upstreams, is not failed by an earlier one's leftovers.
  const leftovers = useLeftovers();
  const config = testConfig(uniqueRunId(), { ticks: { shareValueMs: 250 } });
  let stack: Awaited<ReturnType<typeof startStack>>;
  beforeAll(async () => {
    stack = await startStack(config, { subscriptionLimits: { maxDepth: 6, maxSubscriptionsPerConnection: 3 } });
  });
  afterAll(async () => stack?.stop());

  const register = async (name: string) =>
    (
      await graphqlRequest(
        stack.gateway.url,
        `mutation($i: RegisterInput!) { register(input: $i) { token user { id displayName } } }`,
        {
          i: { email: `${name}.${uniqueRunId()}@example.com`, password: "long enough password", displayName: name },
        },
      )
    ).data!.register as { token: string; user: { id: string; displayName: string } };

  /** Resolves once the gateway holds `count` upstream subscriptions (they open asynchronously). */
  const upstreamsReach = (count: number) =>
    until(`${count} upstream subscriptions`, () => stack.gateway.subscriptions.stats().upstreamSubscriptions === count);

  it("resolves fields of two subgraphs on every event, with the client's aliases, fragments and directives", async () => {
    const alice = await register("Alice");
    const feed = leftovers.add(
      openSubscription(
        stack.gateway.wsUrl,
        `subscription($withBadge: Boolean!) {
         change: shareValueChanged { value previousValue user { ...Who badge @include(if: $withBadge) seenBy __typename } }
       }
       fragment Who on User { id name: displayName }`,
        { withBadge: true },
        alice.token,
      ),
    );
    const events = await collect(feed, 2, 20_000);
    for (const event of events) {
      expect(event.errors).toBeUndefined();
      expect(event.data!.change.user).toEqual({
        id: alice.user.id,
        name: "Alice",
        badge: `badge-${alice.user.id.slice(0, 8)}`,
        seenBy: alice.user.id,
        __typename: "User",
      });
      expect(typeof event.data!.change.value).toBe("number");
    }
  });

  it("delivers an entity fetch's error on the event and keeps the stream open", async () => {
    const bob = await register("Bob");
    const feed = leftovers.add(
      openSubscription(
        stack.gateway.wsUrl,
        `subscription { shareValueChanged { value user { id flaky } } }`,
        {},
        bob.token,
      ),
    );
    const [first, second] = await collect(feed, 2, 20_000);
    for (const event of [first!, second!]) {
      expect(event.data!.shareValueChanged.user).toEqual({ id: bob.user.id, flaky: null });
      expect(event.errors).toEqual([expect.objectContaining({ path: ["shareValueChanged", "user", "flaky"] })]);
    }
  });

  it("keeps users' feeds apart: each sees only its own share value", async () => {
    const [carol, dave] = await Promise.all([register("Carol"), register("Dave")]);
    const query = `subscription { shareValueChanged { user { id } } }`;
    const carolFeed = leftovers.add(openSubscription(stack.gateway.wsUrl, query, {}, carol.token));
    const daveFeed = leftovers.add(openSubscription(stack.gateway.wsUrl, query, {}, dave.token));
    const [carolEvents, daveEvents] = await Promise.all([collect(carolFeed, 3, 20_000), collect(daveFeed, 3, 20_000)]);
    expect(carolEvents.map((e) => e.data!.shareValueChanged.user.id)).toEqual([
      carol.user.id,
      carol.user.id,
      carol.user.id,
    ]);
    expect(daveEvents.map((e) => e.data!.shareValueChanged.user.id)).toEqual([
      dave.user.id,
      dave.user.id,
      dave.user.id,
    ]);
  });

  it("shares one upstream among 1 000 clients of a public feed and tears everything down to zero", async () => {
    await upstreamsReach(0);
    const query = `subscription { userRegistered { id displayName badge } }`;
    const clients = Array.from({ length: 1000 }, () => openSubscription(stack.gateway.wsUrl, query));
    const firsts = clients.map((c) => c.next());
    await upstreamsReach(1);
    // Wait until every client is attached before publishing, so all 1 000 get the event.
    await until(
      "1 000 client subscriptions",
      () => stack.gateway.subscriptions.stats().clientSubscriptions >= 1000,
      60_000,
    );
    expect(stack.gateway.subscriptions.stats()).toMatchObject({
      clientSubscriptions: 1000,
      upstreamSubscriptions: 1,
      executionGroups: 1,
    });
    const erin = await register("Erin");
    const received = await withTimeout(Promise.all(firsts), 30_000, "the event on all 1 000 clients");
    for (const event of received) {
      expect(event.value.data.userRegistered).toEqual({
        id: erin.user.id,
        displayName: "Erin",
        badge: `badge-${erin.user.id.slice(0, 8)}`,
      });
    }
    await Promise.all(clients.map((c) => c.dispose()));
    await upstreamsReach(0);
    await until("every connection closed", () => stack.gateway.subscriptions.stats().connections === 0, 60_000);
    expect(stack.gateway.subscriptions.stats()).toEqual({
      connections: 0,
      clientSubscriptions: 0,
      upstreamSubscriptions: 0,
      upstreamConnections: 0,
      executionGroups: 0,
    });
    // …and the subgraph let go of its Redis channel subscriptions (the revocation channel lives as long as the
    // services: every instance hears every logout on it).
    await redisUnsubscribed(`${config.redis.channelPrefix}*`, 30_000, [
      `${config.redis.channelPrefix}auth:revocations`,
    ]);
  });

  it("refuses user-scoped feeds without a token, and a bad token with 4401", async () => {
    const anonymous = leftovers.add(openSubscription(stack.gateway.wsUrl, `subscription { snapshotSaved { id } }`));
    await expect(nextValue(anonymous, 5000)).rejects.toMatchObject([{ extensions: { code: "UNAUTHENTICATED" } }]);
    const forged = leftovers.add(
      openSubscription(stack.gateway.wsUrl, `subscription { userRegistered { id } }`, {}, "forged"),
    );
    await expect(nextValue(forged, 5000)).rejects.toBeTruthy();
    expect(await forged.closed).toBe(4401);
  });

  it("refuses a feed nested beyond the operation limits with OPERATION_LIMIT_EXCEEDED (cost)", async () => {
    const deep = leftovers.add(
      openSubscription(
        stack.gateway.wsUrl,
        `subscription { userRegistered { snapshots { user { snapshots { user { snapshots { id } } } } } } }`,
      ),
    );
    // Three nested lists of snapshots: the operation limits (checked before the engine's depth limit) refuse its cost.
    await expect(nextValue(deep, 5000)).rejects.toMatchObject([
      { extensions: { code: "OPERATION_LIMIT_EXCEEDED", limit: "cost" } },
    ]);
  });

  it("delivers snapshotSaved through the gateway over SSE", async () => {
    const frank = await register("Frank");
    const client = leftovers.add(
      createClient({ url: `${stack.gateway.url}/stream`, headers: { authorization: `Bearer ${frank.token}` } }),
    );
    const events = client.iterate({ query: `subscription { snapshotSaved { id value user { id badge } } }` });
    leftovers.defer("the SSE subscription", () => events.return?.());
    const first = events.next();
    await upstreamsReach(1);
    const saved = await graphqlRequest(stack.gateway.url, `mutation { saveSnapshot { id } }`, {}, frank.token);
    const event = await withTimeout(first, 20_000, "snapshotSaved over SSE");
    expect(event.value.data.snapshotSaved).toMatchObject({
      id: saved.data!.saveSnapshot.id,
      user: { id: frank.user.id, badge: `badge-${frank.user.id.slice(0, 8)}` },
    });
  });

  it("re-subscribes after the subgraph restarts, and the client keeps its subscription", async () => {
    const gina = await register("Gina");
    const feed = leftovers.add(
      openSubscription(stack.gateway.wsUrl, `subscription { shareValueChanged { value user { id } } }`, {}, gina.token),
    );
    await nextValue(feed, 20_000, "an event before the restart");
    await stack.restartUser();
    const after = await nextValue(feed, 30_000, "an event after the restart");
    expect(after.data!.shareValueChanged.user.id).toBe(gina.user.id);
  });
});

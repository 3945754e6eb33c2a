// Live behaviour of the user subgraph on real Kafka, Redis and Postgres: snapshots, subscriptions, the ticker,
// and two instances side by side (the distributed mode's scale-out).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, KafkaEventBus } from "@tickergraph/events";
import { createLogger } from "@tickergraph/telemetry";
import {
  collect,
  graphqlRequest,
  nextValue,
  openSubscription,
  redisSubscribed,
  requireInfra,
  testConfig,
  uniqueRunId,
  withTimeout,
} from "@tickergraph/testing";
import { useLeftovers } from "@tickergraph/testing/leftovers";
import pg from "pg";
import type { RunningUserSubgraph } from "../src/index.js";
import { start } from "../src/index.js";
import { SNAPSHOT_REQUESTED } from "@tickergraph/events";
import { LOGIN, newRegistration, REGISTER, SAVE_SNAPSHOT } from "./operations.js";

const available = await requireInfra(["postgres", "kafka", "redis"]);

describe.runIf(available)("user live feeds (distributed, two instances)", () => {
  // Feeds (sockets) and consumers a test opens are closed after it even when an assertion fails.
  const leftovers = useLeftovers();
  const runId = uniqueRunId();
  const config = testConfig(runId, { ticks: { shareValueMs: 300, shareValueBatch: 2 } });
  const db = new pg.Pool({ connectionString: config.db.url });
  let a: RunningUserSubgraph;
  let b: RunningUserSubgraph;
  let bus: KafkaEventBus;

  beforeAll(async () => {
    bus = new KafkaEventBus({ ...config.kafka, logger: createLogger("test", "silent") });
    await bus.ensureTopics();
    [a, b] = await Promise.all([start(config), start(config)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await bus.close();
    await db.end();
  });

  const waitUntilSubscribed = (channel: string) => redisSubscribed(`${config.redis.channelPrefix}${channel}`);
  const register = async (url: string) =>
    (await graphqlRequest(url, REGISTER, { i: newRegistration("live") })).data!.register;

  it("announces a registration made on one instance to a subscriber on the other", async () => {
    const feed = leftovers.add(openSubscription(b.wsUrl, "subscription { userRegistered { id displayName } }"));
    const first = feed.next();
    await waitUntilSubscribed("user.registered");
    const alice = await register(a.url);
    const event = await withTimeout(first, 15_000, "userRegistered");
    expect(event.value).toEqual({
      data: { userRegistered: { id: alice.user.id, displayName: alice.user.displayName } },
    });
  });

  it("saves a snapshot: the mutation returns at once, snapshotSaved follows, and the row exists once", async () => {
    const alice = await register(a.url);
    const feed = leftovers.add(
      openSubscription(b.wsUrl, "subscription { snapshotSaved { id value } }", {}, alice.token),
    );
    const first = feed.next();
    await waitUntilSubscribed(`user.snapshot.saved:${alice.user.id}`);
    const saved = await graphqlRequest(a.url, SAVE_SNAPSHOT, {}, alice.token);
    expect(saved.errors).toBeUndefined();
    const event = await withTimeout(first, 15_000, "snapshotSaved");
    expect(event.value?.data?.snapshotSaved).toEqual({
      id: saved.data!.saveSnapshot.id,
      value: saved.data!.saveSnapshot.value,
    });
    const me = await graphqlRequest(a.url, "{ me { snapshots { id } } }", {}, alice.token);
    expect(me.data!.me.snapshots).toEqual([{ id: saved.data!.saveSnapshot.id }]);
  });

  it("stores a snapshot request delivered twice exactly once", async () => {
    const bob = await register(a.url);
    const request = createEvent(SNAPSHOT_REQUESTED, {
      snapshotId: crypto.randomUUID(),
      userId: bob.user.id,
      value: 123.45,
      takenAt: new Date().toISOString(),
    });
    const feed = leftovers.add(openSubscription(a.wsUrl, "subscription { snapshotSaved { id } }", {}, bob.token));
    const first = feed.next();
    await waitUntilSubscribed(`user.snapshot.saved:${bob.user.id}`);
    await bus.publish([request, request]);
    await bus.publish([{ ...request }]);
    expect((await withTimeout(first, 15_000, "snapshotSaved")).value?.data?.snapshotSaved.id).toBe(
      request.payload.snapshotId,
    );
    const rows = await db.query(
      `SELECT count(*)::int AS n FROM "${config.db.schemaPrefix}user"."snapshot" WHERE id = $1`,
      [request.payload.snapshotId],
    );
    expect(rows.rows[0].n).toBe(1);
    await expect(nextValue(feed, 1000)).rejects.toThrow(/timed out/);
  });

  it("streams a user's own share value changes and never another user's", async () => {
    const alice = await register(a.url);
    const bob = await register(a.url);
    const aliceFeed = leftovers.add(
      openSubscription(
        b.wsUrl,
        "subscription { shareValueChanged { value previousValue user { id } } }",
        {},
        alice.token,
      ),
    );
    const bobFeed = leftovers.add(
      openSubscription(b.wsUrl, "subscription { shareValueChanged { user { id } } }", {}, bob.token),
    );
    const changes = await collect(aliceFeed, 3, 20_000);
    for (const change of changes) {
      const c = change.data!.shareValueChanged;
      expect(c.user.id).toBe(alice.user.id);
      expect(Math.abs(c.value - c.previousValue)).toBeLessThanOrEqual(c.previousValue * 0.02 + 0.01);
    }
    const bobChanges = await collect(bobFeed, 2, 20_000);
    expect(bobChanges.every((c) => c.data!.shareValueChanged.user.id === bob.user.id)).toBe(true);
  });

  it("ticks once per interval cluster-wide although two instances run", async () => {
    const carol = await register(a.url);
    const feed = leftovers.add(
      openSubscription(
        a.wsUrl,
        "subscription { shareValueChanged { value previousValue changedAt } }",
        {},
        carol.token,
      ),
    );
    const changes = (await collect(feed, 6, 30_000)).map((c) => c.data!.shareValueChanged);
    // Each change starts from the value the previous one ended at (no change lost or reordered)…
    for (let i = 1; i < changes.length; i++) expect(changes[i]!.previousValue).toBe(changes[i - 1]!.value);
    // …and they come once per interval: two tickers would serialise on the row lock but double the rate.
    const spans = changes.slice(1).map((c, i) => Date.parse(c.changedAt) - Date.parse(changes[i]!.changedAt));
    const meanSpan = spans.reduce((sum, span) => sum + span, 0) / spans.length;
    expect(meanSpan).toBeGreaterThanOrEqual(config.ticks.shareValueMs * 0.8);
  });

  it("throttles an email on every instance once one of them has seen 5 failures", async () => {
    const input = newRegistration("throttle");
    await graphqlRequest(a.url, REGISTER, { i: input });
    for (let i = 0; i < 5; i++) {
      const failed = await graphqlRequest(a.url, LOGIN, { e: input.email, p: "wrong password" });
      expect(failed.errors?.[0]?.message).toBe("Invalid email or password");
    }
    const onB = await graphqlRequest(b.url, LOGIN, { e: input.email, p: input.password });
    expect(onB.data).toBeNull();
    expect(onB.errors?.[0]).toMatchObject({
      message: "Too many failed logins; try again in 60 s",
      extensions: { code: "UNAUTHENTICATED", retryAfterSeconds: 60 },
    });
  });

  it("requires a token for user-scoped feeds and refuses a bad one with 4401", async () => {
    const anonymous = leftovers.add(openSubscription(a.wsUrl, "subscription { snapshotSaved { id } }"));
    const result = await nextValue(anonymous, 5000);
    expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const forged = leftovers.add(
      openSubscription(a.wsUrl, "subscription { snapshotSaved { id } }", {}, "forged.token.here"),
    );
    await expect(nextValue(forged, 5000)).rejects.toBeTruthy();
    expect(await forged.closed).toBe(4401);
  });
});

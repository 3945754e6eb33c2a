// The alert subgraph on real Postgres, Kafka and Redis, fed with synthetic price ticks so firing is deterministic.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenService } from "@tickergraph/auth";
import { ALERT_TRIGGERED, createEvent, KafkaEventBus } from "@tickergraph/events";
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
  until,
  withTimeout,
} from "@tickergraph/testing";
import { useLeftovers } from "@tickergraph/testing/leftovers";
import pg from "pg";
import type { RunningAlertSubgraph } from "../src/index.js";
import { start } from "../src/index.js";

const available = await requireInfra(["postgres", "kafka", "redis"]);
const ALICE = "00000000-0000-4000-8000-00000000a11c";
const BOB = "00000000-0000-4000-8000-000000000b0b";
/** The user service is not running here: every token's user exists (test/flows/unknown-user-flow.ts covers the rest). */
const everyoneExists = { users: { exists: async () => true } };
const CREATE = `mutation($i: CreateAlertInput!) { createAlert(input: $i) { id symbol direction threshold status } }`;

describe.runIf(available)("alerts (distributed, two evaluators)", () => {
  // Feeds (sockets) and consumers a test opens are closed after it even when an assertion fails.
  const leftovers = useLeftovers();
  const config = testConfig(uniqueRunId());
  const tokens = new TokenService(config.auth.jwtSecret, 3600);
  const db = new pg.Pool({ connectionString: config.db.url });
  let a: RunningAlertSubgraph;
  let b: RunningAlertSubgraph;
  let bus: KafkaEventBus;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    bus = new KafkaEventBus({ ...config.kafka, logger: createLogger("test", "silent") });
    await bus.ensureTopics();
    [a, b] = await Promise.all([start(config, undefined, everyoneExists), start(config, undefined, everyoneExists)]);
    [alice, bob] = await Promise.all([
      tokens.issue({ userId: ALICE, email: "a@x.io" }),
      tokens.issue({ userId: BOB, email: "b@x.io" }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await bus.close();
    await db.end();
  });
  const gql = (query: string, variables = {}, token?: string) => graphqlRequest(a.url, query, variables, token);
  const tick = (symbol: string, price: number) =>
    createEvent("market.price.ticked", { symbol, price, at: new Date().toISOString(), producedAt: Date.now() });
  /** Both evaluators index the alert (one directly, the other from its event) before a tick is sent. */
  const indexedEverywhere = (id: string) =>
    until(`alert ${id} in both evaluators' indexes`, () => a.index.has(id) && b.index.has(id));

  it("fires an ABOVE alert once, even when the crossing tick is delivered twice to two evaluators", async () => {
    const created = (await gql(CREATE, { i: { symbol: "nvda", direction: "ABOVE", threshold: 100 } }, alice)).data!
      .createAlert;
    expect(created).toMatchObject({ symbol: "NVDA", status: "ACTIVE" });
    // Every alert.triggered event published for this alert, read back from Kafka (the topic is this run's own).
    const published: string[] = [];
    leftovers.add(
      await bus.subscribe({
        group: `audit-${created.id}`,
        types: [ALERT_TRIGGERED],
        onBatch: async (batch) =>
          void published.push(...batch.filter((e) => e.payload.id === created.id).map((e) => e.id)),
      }),
    );
    await indexedEverywhere(created.id);
    const feed = leftovers.add(
      openSubscription(b.wsUrl, `subscription { alertTriggered { id status triggeredPrice threshold } }`, {}, alice),
    );
    const first = feed.next();
    await redisSubscribed(`${config.redis.channelPrefix}alert.triggered:${ALICE}`);
    await bus.publish([tick("NVDA", 99.5), tick("NVDA", 100)]); // not strictly above: no fire
    const crossing = tick("NVDA", 101.25);
    await bus.publish([crossing, crossing, { ...crossing }, tick("NVDA", 102)]);
    const event = await withTimeout(first, 15_000, "alertTriggered");
    expect(event.value.data.alertTriggered).toEqual({
      id: created.id,
      status: "TRIGGERED",
      triggeredPrice: 101.25,
      threshold: 100,
    });
    await until("the alert.triggered event on Kafka", () => published.length > 0, 15_000);
    await expect(nextValue(feed, 1500)).rejects.toThrow(/timed out/);
    const rows = await db.query(
      `SELECT status, triggered_price FROM "${config.db.schemaPrefix}alert"."alert" WHERE id = $1`,
      [created.id],
    );
    expect(rows.rows).toEqual([{ status: "TRIGGERED", triggered_price: 101.25 }]);
    // One alert.triggered event on the bus, though the crossing tick reached both evaluators three times (the
    // wait for a second feed event above gave a duplicate time to arrive).
    expect(published).toHaveLength(1);
  });

  it("fires each alert once when two evaluators fire the same alerts at the same moment", async () => {
    const DAVE = "00000000-0000-4000-8000-0000000da7e0";
    const dave = await tokens.issue({ userId: DAVE, email: "d@x.io" });
    const ids: string[] = [];
    for (let n = 0; n < 20; n++) {
      ids.push(
        (await gql(CREATE, { i: { symbol: "JPM", direction: "ABOVE", threshold: 1000 + n } }, dave)).data!.createAlert
          .id,
      );
    }
    const feed = leftovers.add(
      openSubscription(a.wsUrl, `subscription { alertTriggered { id triggeredPrice } }`, {}, dave),
    );
    const events = collect(feed, 20, 15_000);
    await redisSubscribed(`${config.redis.channelPrefix}alert.triggered:${DAVE}`);
    const at = new Date().toISOString();
    const firings = ids.map((id) => ({ id, price: 5000, at }));
    const [fromA, fromB] = await Promise.all([a.alerts.fire(firings), b.alerts.fire([...firings].reverse())]);
    const firedIds = [...fromA, ...fromB].map((v) => v.id);
    expect(firedIds.sort()).toEqual([...ids].sort());
    const received = (await events).map((e) => e.data!.alertTriggered);
    expect(received.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(received.every((r) => r.triggeredPrice === 5000)).toBe(true);
    await expect(nextValue(feed, 1500)).rejects.toThrow(/timed out/);
  });

  it("fires BELOW alerts, several per symbol, and only the caller sees their own", async () => {
    const mine = (await gql(CREATE, { i: { symbol: "ETH-USD", direction: "BELOW", threshold: 2000 } }, alice)).data!
      .createAlert;
    const mine2 = (await gql(CREATE, { i: { symbol: "ETH-USD", direction: "BELOW", threshold: 1900 } }, alice)).data!
      .createAlert;
    const theirs = (await gql(CREATE, { i: { symbol: "ETH-USD", direction: "BELOW", threshold: 2100 } }, bob)).data!
      .createAlert;
    await Promise.all([indexedEverywhere(mine.id), indexedEverywhere(mine2.id), indexedEverywhere(theirs.id)]);
    const aliceFeed = leftovers.add(
      openSubscription(a.wsUrl, `subscription { alertTriggered { id user { id } } }`, {}, alice),
    );
    const firstTwo = Promise.all([aliceFeed.next(), aliceFeed.next()]);
    await redisSubscribed(`${config.redis.channelPrefix}alert.triggered:${ALICE}`);
    await bus.publish([tick("ETH-USD", 1850)]);
    const got = (await withTimeout(firstTwo, 15_000, "two alerts")).map((r) => r.value.data.alertTriggered);
    expect(got.map((g) => g.id).sort()).toEqual([mine.id, mine2.id].sort());
    expect(got.every((g) => g.user.id === ALICE)).toBe(true);
    await expect(nextValue(aliceFeed, 1000)).rejects.toThrow(/timed out/);
    const bobs = (await gql(`{ myAlerts { id status } }`, {}, bob)).data!.myAlerts;
    expect(bobs).toEqual([{ id: theirs.id, status: "TRIGGERED" }]);
  });

  it("keeps users apart: another user's alert is NOT_FOUND, their lists are private", async () => {
    const alert = (await gql(CREATE, { i: { symbol: "AAPL", direction: "ABOVE", threshold: 1_000_000 } }, alice)).data!
      .createAlert;
    const stolen = await gql(`mutation($id: ID!) { cancelAlert(id: $id) { id } }`, { id: alert.id }, bob);
    expect(stolen.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const representation = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { alerts { id } } } }`;
    const prying = await gql(representation, { r: [{ __typename: "User", id: ALICE }] }, bob);
    expect(prying.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const cancelled = await gql(`mutation($id: ID!) { cancelAlert(id: $id) { id status } }`, { id: alert.id }, alice);
    expect(cancelled.data!.cancelAlert).toEqual({ id: alert.id, status: "CANCELLED" });
    const again = await gql(`mutation($id: ID!) { cancelAlert(id: $id) { id } }`, { id: alert.id }, alice);
    expect(again.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await gql(`{ myAlerts(status: CANCELLED) { id } }`, {}, alice)).data!.myAlerts).toEqual([{ id: alert.id }]);
  });

  it("refuses bad input with BAD_USER_INPUT naming the field", async () => {
    const bad = async (input: object) => (await gql(CREATE, { i: input }, alice)).errors?.[0]?.extensions;
    expect(await bad({ symbol: "NOPE", direction: "ABOVE", threshold: 1 })).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "input.symbol",
    });
    expect(await bad({ symbol: "AAPL", direction: "ABOVE", threshold: 0 })).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "input.threshold",
    });
    expect(await bad({ symbol: "AAPL", direction: "ABOVE", threshold: -5 })).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(
      (await gql(CREATE, { i: { symbol: "AAPL", direction: "SIDEWAYS", threshold: 1 } }, alice)).errors?.[0]?.extensions
        ?.code,
    ).toBe("BAD_USER_INPUT");
    expect(
      (await gql(CREATE, { i: { symbol: "AAPL", direction: "ABOVE", threshold: 1 } })).errors?.[0]?.extensions?.code,
    ).toBe("UNAUTHENTICATED");
  });

  it("allows at most 100 active alerts per user", async () => {
    const carol = await tokens.issue({ userId: "00000000-0000-4000-8000-0000000ca201", email: "c@x.io" });
    const results = await Promise.all(
      Array.from({ length: 101 }, (_, n) =>
        gql(CREATE, { i: { symbol: "SPY", direction: "ABOVE", threshold: 10_000 + n } }, carol),
      ),
    );
    const refused = results.filter((r) => r.errors);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect((await gql(`{ myAlerts(status: ACTIVE) { id } }`, {}, carol)).data!.myAlerts).toHaveLength(100);
  });
});
